#!/usr/bin/env bats
load test_helper

@test "placeholder sigspec" {
  run "$SIGWATCH" --version
  assert_success
}

#!/usr/bin/env bats
load test_helper

@test "placeholder decode" {
  run "$SIGWATCH" --version
  assert_success
}

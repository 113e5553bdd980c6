#!/usr/bin/env bats
load test_helper

@test "placeholder cli" {
  run "$SIGWATCH" --version
  assert_success
}

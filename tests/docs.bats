#!/usr/bin/env bats
load test_helper

@test "placeholder docs" {
  run "$SIGWATCH" --version
  assert_success
}

// tests/fuzz/fuzz_check.h
//
// FUZZ_CHECK(cond): a property every fuzz target asserts about its input.
// It aborts (a crash the fuzzer keeps) when "cond" is false, also in release
// builds, where assert() would be compiled out.

#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                        \
  do {                                                                          \
    if (!(cond)) {                                                              \
      std::fprintf(stderr, "%s:%d: FUZZ_CHECK failed: %s\n", __FILE__, __LINE__, \
                   #cond);                                                      \
      std::abort();                                                             \
    }                                                                           \
  } while (0)

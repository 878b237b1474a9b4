// pipeline/base/result.h
//
// Result<T>: a T, or the Status saying why there is none. The API follows
// absl::StatusOr (ok(), status(), value(), *, ->) so that a later move to
// std::expected (C++23) is mechanical.
//
// Stage: base (std only).

#pragma once

#include <cassert>
#include <optional>
#include <utility>

#include "pipeline/base/status.h"

namespace docpipe {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status error) : status_(std::move(error)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;  // OK when value_ holds a value
  std::optional<T> value_;
};

}  // namespace docpipe

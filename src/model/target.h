// A target of access: the account, or one store. Interned as a small integer
// so per-user access maps are sorted vectors keyed by it.
#pragma once

#include <cstdint>

namespace rolemig {

using StoreIdx = uint32_t;

struct Target {
  uint32_t code = 0;  // 0 = account, s + 1 = store s

  static Target account() { return Target{0}; }
  static Target store(StoreIdx s) { return Target{s + 1}; }
  bool is_account() const { return code == 0; }
  StoreIdx store_idx() const { return code - 1; }
  friend bool operator==(Target a, Target b) { return a.code == b.code; }
  friend bool operator<(Target a, Target b) { return a.code < b.code; }
};

}  // namespace rolemig

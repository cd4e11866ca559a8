// A target of access: the account, or one store. Interned as a small integer
// so per-user access maps are sorted vectors keyed by it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

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

// How plan.json, requests, audits and rules name a target: "account", or
// "store:<id>" with a non-empty store id.
inline constexpr std::string_view kAccountTarget = "account";
inline constexpr std::string_view kStoreTargetPrefix = "store:";

struct TargetName {
  std::optional<std::string_view> store_id;  // none: the account
};

// Parses "account" or "store:<id>"; nullopt for anything else.
inline std::optional<TargetName> parse_target_name(std::string_view name) {
  if (name == kAccountTarget) return TargetName{};
  if (name.size() > kStoreTargetPrefix.size() && name.substr(0, kStoreTargetPrefix.size()) == kStoreTargetPrefix) {
    return TargetName{name.substr(kStoreTargetPrefix.size())};
  }
  return std::nullopt;
}

}  // namespace rolemig

// An index of items kept elsewhere (in a vector, by position), found by a
// key each item has: open addressing over one array of (item, hash) slots,
// so a million users or assignments cost no allocation each (a node-based
// std::unordered_map allocates a node, and a string key its copy, per item).
// The caller hashes the key and tells whether an item holds it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace rolemig {

class FlatIndex {
 public:
  // The item whose key hashes to `hash` and for which holds(item) is true;
  // when none, `next` is indexed under that key. Returns {item, inserted}.
  template <class Holds>
  std::pair<uint32_t, bool> find_or_add(uint64_t hash, Holds&& holds, uint32_t next) {
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();
    const auto h = static_cast<uint32_t>(hash ^ (hash >> 32));
    const size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.item == kEmpty) {
        s = Slot{next, h};
        ++size_;
        return {next, true};
      }
      if (s.hash == h && holds(s.item)) return {s.item, false};
    }
  }
  size_t size() const { return size_; }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t item = kEmpty;
    uint32_t hash = 0;
  };
  void grow() {
    std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.item == kEmpty) continue;
      size_t i = s.hash & mask;
      while (slots_[i].item != kEmpty) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
  size_t size_ = 0;
};

// A 64-bit mix for integer keys (splitmix64's finaliser).
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace rolemig

// A set of permissions as a bitset over the catalog's interned permission ids,
// so that access arithmetic is word-wise. All sets in one run share a size
// (the catalog's permission count); combining sets of different sizes is a
// programming error.
#pragma once

#include <bit>
#include <cstdint>
#include <functional>
#include <vector>

namespace rolemig {

using PermId = uint32_t;

class PermSet {
 public:
  PermSet() = default;
  explicit PermSet(size_t bits) : bits_(bits), words_((bits + 63) / 64, 0) {}

  size_t capacity() const { return bits_; }
  void set(PermId p) { words_[p / 64] |= (uint64_t{1} << (p % 64)); }
  void reset(PermId p) { words_[p / 64] &= ~(uint64_t{1} << (p % 64)); }
  bool test(PermId p) const { return (words_[p / 64] >> (p % 64)) & 1U; }

  bool empty() const {
    for (uint64_t w : words_)
      if (w) return false;
    return true;
  }
  size_t count() const {
    size_t n = 0;
    for (uint64_t w : words_) n += static_cast<size_t>(std::popcount(w));
    return n;
  }
  PermSet& operator|=(const PermSet& o) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] |= o.words_[i];
    return *this;
  }
  PermSet& operator&=(const PermSet& o) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] &= o.words_[i];
    return *this;
  }
  // this \ o
  PermSet& subtract(const PermSet& o) {
    for (size_t i = 0; i < words_.size(); ++i) words_[i] &= ~o.words_[i];
    return *this;
  }
  PermSet minus(const PermSet& o) const {
    PermSet r = *this;
    r.subtract(o);
    return r;
  }
  friend PermSet operator|(PermSet a, const PermSet& b) { return a |= b; }
  friend PermSet operator&(PermSet a, const PermSet& b) { return a &= b; }

  bool subset_of(const PermSet& o) const {
    for (size_t i = 0; i < words_.size(); ++i)
      if (words_[i] & ~o.words_[i]) return false;
    return true;
  }
  bool intersects(const PermSet& o) const {
    for (size_t i = 0; i < words_.size(); ++i)
      if (words_[i] & o.words_[i]) return true;
    return false;
  }
  friend bool operator==(const PermSet& a, const PermSet& b) { return a.words_ == b.words_; }
  // No operator<: bit order is catalog order, not the byte order of the ids,
  // so an order of sets that users see is built from the ids (rule_engine).

  template <typename F>
  void for_each(F&& f) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      uint64_t w = words_[i];
      while (w) {
        int b = std::countr_zero(w);
        f(static_cast<PermId>(i * 64 + static_cast<size_t>(b)));
        w &= w - 1;
      }
    }
  }
  std::vector<PermId> ids() const {
    std::vector<PermId> out;
    for_each([&](PermId p) { out.push_back(p); });
    return out;
  }

  size_t hash() const {
    size_t h = 1469598103934665603ULL;
    for (uint64_t w : words_) h = (h ^ std::hash<uint64_t>{}(w)) * 1099511628211ULL;
    return h;
  }

 private:
  size_t bits_ = 0;
  std::vector<uint64_t> words_;
};

struct PermSetHash {
  size_t operator()(const PermSet& s) const { return s.hash(); }
};

}  // namespace rolemig

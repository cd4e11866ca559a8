// A set of permissions as a bitset over the catalog's interned permission ids,
// so that access arithmetic is word-wise. All sets in one run share a size
// (the catalog's permission count); combining sets of different sizes is a
// programming error.
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <vector>

namespace rolemig {

using PermId = uint32_t;

// Up to kInlineWords words (192 permissions: the shipped catalog has 120)
// live inside the set, so a set is no heap allocation of its own; a larger
// catalog's sets hold their words on the heap.
class PermSet {
 public:
  PermSet() = default;
  explicit PermSet(size_t bits) : bits_(static_cast<uint32_t>(bits)), words_(static_cast<uint32_t>((bits + 63) / 64)) {
    if (on_heap()) heap_ = new uint64_t[words_]();
  }
  PermSet(const PermSet& o) : bits_(o.bits_), words_(o.words_) {
    if (on_heap()) heap_ = new uint64_t[words_];
    std::copy_n(o.data(), words_, data());
  }
  PermSet(PermSet&& o) noexcept : bits_(o.bits_), words_(o.words_) {
    if (on_heap()) {
      heap_ = o.heap_;
      o.bits_ = o.words_ = 0;  // o is the empty set of no permissions
    } else {
      std::copy_n(o.inline_, kInlineWords, inline_);
    }
  }
  PermSet& operator=(const PermSet& o) {
    if (this != &o) *this = PermSet(o);
    return *this;
  }
  PermSet& operator=(PermSet&& o) noexcept {
    if (this != &o) {
      if (on_heap()) delete[] heap_;
      bits_ = o.bits_;
      words_ = o.words_;
      if (on_heap()) {
        heap_ = o.heap_;
        o.bits_ = o.words_ = 0;
      } else {
        std::copy_n(o.inline_, kInlineWords, inline_);
      }
    }
    return *this;
  }
  ~PermSet() {
    if (on_heap()) delete[] heap_;
  }

  size_t capacity() const { return bits_; }
  void set(PermId p) { data()[p / 64] |= (uint64_t{1} << (p % 64)); }
  void reset(PermId p) { data()[p / 64] &= ~(uint64_t{1} << (p % 64)); }
  bool test(PermId p) const { return (data()[p / 64] >> (p % 64)) & 1U; }

  bool empty() const {
    const uint64_t* w = data();
    for (size_t i = 0; i < words_; ++i)
      if (w[i]) return false;
    return true;
  }
  size_t count() const {
    const uint64_t* w = data();
    size_t n = 0;
    for (size_t i = 0; i < words_; ++i) n += static_cast<size_t>(std::popcount(w[i]));
    return n;
  }
  PermSet& operator|=(const PermSet& o) {
    uint64_t* w = data();
    const uint64_t* ow = o.data();
    for (size_t i = 0; i < words_; ++i) w[i] |= ow[i];
    return *this;
  }
  PermSet& operator&=(const PermSet& o) {
    uint64_t* w = data();
    const uint64_t* ow = o.data();
    for (size_t i = 0; i < words_; ++i) w[i] &= ow[i];
    return *this;
  }
  // this \ o
  PermSet& subtract(const PermSet& o) {
    uint64_t* w = data();
    const uint64_t* ow = o.data();
    for (size_t i = 0; i < words_; ++i) w[i] &= ~ow[i];
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
    const uint64_t* w = data();
    const uint64_t* ow = o.data();
    for (size_t i = 0; i < words_; ++i)
      if (w[i] & ~ow[i]) return false;
    return true;
  }
  bool intersects(const PermSet& o) const {
    const uint64_t* w = data();
    const uint64_t* ow = o.data();
    for (size_t i = 0; i < words_; ++i)
      if (w[i] & ow[i]) return true;
    return false;
  }
  // Sets of different sizes differ (as their word vectors did).
  friend bool operator==(const PermSet& a, const PermSet& b) { return a.words_ == b.words_ && std::equal(a.data(), a.data() + a.words_, b.data()); }
  // No operator<: bit order is catalog order, not the byte order of the ids,
  // so an order of sets that users see is built from the ids (rule_engine).

  template <typename F>
  void for_each(F&& f) const {
    const uint64_t* words = data();
    for (size_t i = 0; i < words_; ++i) {
      uint64_t w = words[i];
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
    const uint64_t* w = data();
    size_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < words_; ++i) h = (h ^ std::hash<uint64_t>{}(w[i])) * 1099511628211ULL;
    return h;
  }

 private:
  static constexpr size_t kInlineWords = 3;

  bool on_heap() const { return words_ > kInlineWords; }
  uint64_t* data() { return on_heap() ? heap_ : inline_; }
  const uint64_t* data() const { return on_heap() ? heap_ : inline_; }

  uint32_t bits_ = 0;
  uint32_t words_ = 0;
  union {
    uint64_t inline_[kInlineWords] = {};
    uint64_t* heap_;
  };
};

struct PermSetHash {
  size_t operator()(const PermSet& s) const { return s.hash(); }
};

}  // namespace rolemig

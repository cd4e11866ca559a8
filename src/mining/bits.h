// Word-wise sets of small integers: the mining engine's one representation
// of a user's items, an item's users and a cover's uncovered assignments.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace rolemig::mining {

using Word = uint64_t;
using Bits = std::vector<Word>;

inline size_t words_for(size_t bits) { return (bits + 63) / 64; }
inline bool test_bit(const Word* a, size_t i) { return (a[i / 64] >> (i % 64)) & 1; }
inline void set_bit(Word* a, size_t i) { a[i / 64] |= Word{1} << (i % 64); }
inline void clear_bit(Word* a, size_t i) { a[i / 64] &= ~(Word{1} << (i % 64)); }

inline bool is_subset(const Word* a, const Word* b, size_t n) {  // a within b
  for (size_t i = 0; i < n; ++i)
    if (a[i] & ~b[i]) return false;
  return true;
}
inline bool intersects(const Word* a, const Word* b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a[i] & b[i]) return true;
  return false;
}
inline bool any_bit(const Word* a, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a[i]) return true;
  return false;
}
inline size_t count_bits(const Word* a, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; ++i) c += static_cast<size_t>(std::popcount(a[i]));
  return c;
}

// Calls f(i) for every i in `a`, ascending.
template <class F>
void for_each_bit(const Word* a, size_t n, F f) {
  for (size_t w = 0; w < n; ++w) {
    for (Word x = a[w]; x; x &= x - 1) f(w * 64 + static_cast<size_t>(std::countr_zero(x)));
  }
}

// rows x cols bits, each row `stride()` words.
class BitMatrix {
 public:
  BitMatrix() = default;
  BitMatrix(size_t rows, size_t cols) : rows_(rows), cols_(cols), stride_(words_for(cols)), bits_(rows * stride_) {}
  size_t rows() const { return rows_; }
  size_t cols() const { return cols_; }
  size_t stride() const { return stride_; }
  Word* row(size_t r) { return bits_.data() + r * stride_; }
  const Word* row(size_t r) const { return bits_.data() + r * stride_; }
  bool test(size_t r, size_t c) const { return test_bit(row(r), c); }
  void set(size_t r, size_t c) { set_bit(row(r), c); }
  void clear(size_t r, size_t c) { clear_bit(row(r), c); }
  bool empty() const { return !any_bit(bits_.data(), bits_.size()); }
  size_t count() const { return count_bits(bits_.data(), bits_.size()); }

 private:
  size_t rows_ = 0, cols_ = 0, stride_ = 0;
  std::vector<Word> bits_;
};

// The transpose: cols x rows.
inline BitMatrix transposed(const BitMatrix& m) {
  BitMatrix t(m.cols(), m.rows());
  for (size_t r = 0; r < m.rows(); ++r) for_each_bit(m.row(r), m.stride(), [&](size_t c) { t.set(c, r); });
  return t;
}

}  // namespace rolemig::mining

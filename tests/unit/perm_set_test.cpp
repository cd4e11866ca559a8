// PermSet: the bitset every access comparison rests on. Its iteration order
// (ascending permission id, i.e. catalog order) is what names derived groups
// and orders the rows of every output, so it is pinned here.
#include "util/perm_set.h"

#include <gtest/gtest.h>

#include <unordered_set>

namespace rolemig {
namespace {

PermSet of(size_t bits, std::initializer_list<PermId> ids) {
  PermSet s(bits);
  for (PermId p : ids) s.set(p);
  return s;
}

TEST(PermSet, StartsEmptyAtItsCapacity) {
  PermSet s(130);
  EXPECT_EQ(s.capacity(), 130U);
  EXPECT_TRUE(s.empty());
  EXPECT_EQ(s.count(), 0U);
  EXPECT_TRUE(s.ids().empty());
}

TEST(PermSet, SetTestResetAcrossWordBoundaries) {
  PermSet s(130);
  for (PermId p : {0U, 63U, 64U, 127U, 128U, 129U}) s.set(p);
  for (PermId p : {0U, 63U, 64U, 127U, 128U, 129U}) EXPECT_TRUE(s.test(p)) << p;
  for (PermId p : {1U, 62U, 65U, 126U}) EXPECT_FALSE(s.test(p)) << p;
  EXPECT_EQ(s.count(), 6U);
  s.reset(64);
  s.reset(64);  // resetting a clear bit is harmless
  EXPECT_FALSE(s.test(64));
  EXPECT_EQ(s.count(), 5U);
}

TEST(PermSet, IteratesInAscendingIdOrderWhateverTheOrderOfSetting) {
  PermSet s = of(200, {150, 3, 64, 0, 63, 199, 65});
  std::vector<PermId> seen;
  s.for_each([&](PermId p) { seen.push_back(p); });
  EXPECT_EQ(seen, (std::vector<PermId>{0, 3, 63, 64, 65, 150, 199}));
  EXPECT_EQ(s.ids(), seen);
}

TEST(PermSet, UnionIntersectionAndDifference) {
  PermSet a = of(100, {1, 2, 70});
  PermSet b = of(100, {2, 3, 70, 99});
  EXPECT_EQ((a | b).ids(), (std::vector<PermId>{1, 2, 3, 70, 99}));
  EXPECT_EQ((a & b).ids(), (std::vector<PermId>{2, 70}));
  EXPECT_EQ(a.minus(b).ids(), (std::vector<PermId>{1}));
  EXPECT_EQ(b.minus(a).ids(), (std::vector<PermId>{3, 99}));
  EXPECT_EQ(a.ids(), (std::vector<PermId>{1, 2, 70}));  // minus() leaves its operand alone
  PermSet c = a;
  c.subtract(b);
  EXPECT_EQ(c.ids(), (std::vector<PermId>{1}));
}

TEST(PermSet, SubsetAndIntersects) {
  PermSet small = of(100, {2, 70});
  PermSet big = of(100, {1, 2, 70});
  PermSet other = of(100, {3, 99});
  EXPECT_TRUE(small.subset_of(big));
  EXPECT_FALSE(big.subset_of(small));
  EXPECT_TRUE(PermSet(100).subset_of(small));  // the empty set is a subset of every set
  EXPECT_TRUE(small.intersects(big));
  EXPECT_FALSE(small.intersects(other));
  EXPECT_FALSE(PermSet(100).intersects(big));
}

TEST(PermSet, EqualSetsAreEqualAndHashAlike) {
  PermSet a = of(130, {5, 128});
  PermSet b = of(130, {128, 5});
  EXPECT_TRUE(a == b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_FALSE(a == of(130, {5}));
  std::unordered_set<PermSet, PermSetHash> sets{a, b, of(130, {5}), of(130, {})};
  EXPECT_EQ(sets.size(), 3U);
}

// Sets of up to three words live inline (no allocation of their own);
// larger ones on the heap. Copies and moves keep the bits either way.
TEST(PermSet, CopiesAndMovesInlineAndHeapSets) {
  static_assert(sizeof(PermSet) == 32);
  for (size_t bits : {size_t{0}, size_t{120}, size_t{192}, size_t{193}, size_t{500}}) {
    PermSet a(bits);
    if (bits > 0) a.set(static_cast<PermId>(bits - 1));
    if (bits > 64) a.set(64);
    const std::vector<PermId> ids = a.ids();
    PermSet copy = a;
    EXPECT_EQ(copy, a) << bits;
    copy.reset(64);
    EXPECT_EQ(a.ids(), ids) << bits << ": a copy is not the original";
    PermSet moved = std::move(copy);
    EXPECT_EQ(moved.capacity(), bits);
    PermSet assigned(7);
    assigned = a;
    EXPECT_EQ(assigned, a) << bits;
    assigned = std::move(moved);
    EXPECT_EQ(assigned.capacity(), bits);
    EXPECT_EQ(assigned.test(64), false);
    PermSet& self = assigned;
    assigned = self;
    EXPECT_EQ(assigned.capacity(), bits);
  }
  EXPECT_FALSE(PermSet(64) == PermSet(130)) << "sets of different sizes differ";
}

}  // namespace
}  // namespace rolemig

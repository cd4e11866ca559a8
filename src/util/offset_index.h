// The offsets of runs in a vector sorted by a small integer key: entry k is
// the index of the first item whose key is k (or of the next key's first
// item when k has none), entry `key_count` is items.size(). Items of key k
// are then [offsets[k], offsets[k + 1]). Used for a user's assignments and a
// user's memberships.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace rolemig {

template <class Items, class KeyOf>
std::vector<size_t> offset_index(const Items& items, size_t key_count, KeyOf key_of) {
  std::vector<size_t> first(key_count + 1, items.size());
  for (size_t i = items.size(); i-- > 0;) first[key_of(items[i])] = i;
  for (size_t k = key_count; k-- > 0;) first[k] = std::min(first[k], first[k + 1]);
  return first;
}

}  // namespace rolemig

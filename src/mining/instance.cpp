#include "mining/instance.h"

namespace rolemig::mining {

Bits close_role(const Instance& in, const Word* items) {
  const size_t wi = in.rows.stride();
  Bits closed(wi, ~Word{0});
  bool any_user = false;
  for (size_t u = 0; u < in.users(); ++u) {
    if (!is_subset(items, in.rows.row(u), wi)) continue;
    any_user = true;
    for (size_t w = 0; w < wi; ++w) closed[w] &= in.rows.row(u)[w];
  }
  if (!any_user) return Bits(items, items + wi);
  return closed;
}

Cover uncovered_cover(const Instance& in) { return Cover{in.rows, {}}; }

void take_role(const Instance& in, Cover& c, const Word* items) {
  Bits role = close_role(in, items);
  const size_t wi = in.rows.stride();
  for (size_t u = 0; u < in.users(); ++u) {
    if (!is_subset(role.data(), in.rows.row(u), wi)) continue;
    Word* un = c.uncovered.row(u);
    for (size_t w = 0; w < wi; ++w) un[w] &= ~role[w];
  }
  c.roles.push_back(std::move(role));
}

}  // namespace rolemig::mining

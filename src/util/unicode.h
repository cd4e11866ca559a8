// Unicode-aware comparison of names (ICU). Knows nothing of the domain.
#pragma once

#include <string>
#include <string_view>

namespace rolemig {

// The form under which two names count as the same to a person reading them:
// NFKC normalisation with full case folding (ICU's NFKC_Casefold, which also
// drops default-ignorable characters such as zero-width spaces), every run of
// Unicode white space (tab, no-break space, ideographic space, ...) collapsed
// to one ASCII space, and none at either end. Returned as UTF-8; invalid
// UTF-8 bytes become U+FFFD.
std::string name_key(std::string_view utf8);

// The text with every character a reader cannot see or tell from a plain
// space written as \u{XXXX}: white space other than U+0020, default-ignorable
// characters (zero-width spaces, joiners) and controls. For messages about
// look-alike names.
std::string visible(std::string_view utf8);

// The ASCII characters of the text's compatibility decomposition (NFKD):
// accents fall off their letters ("Équipe Müller" -> "Equipe Muller"),
// characters with no ASCII form are dropped. For identifiers made from names.
std::string ascii_fold(std::string_view utf8);

}  // namespace rolemig

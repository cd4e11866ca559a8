#include "util/unicode.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstdio>
#include <stdexcept>

namespace rolemig {

std::string name_key(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: no NFKC_Casefold data: ") + u_errorName(status));
  icu::UnicodeString folded =
      nfkc_cf->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))), status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: normalisation failed: ") + u_errorName(status));
  icu::UnicodeString collapsed;
  bool pending_space = false;
  for (int32_t i = 0; i < folded.length(); i = folded.moveIndex32(i, 1)) {
    UChar32 c = folded.char32At(i);
    if (u_isUWhiteSpace(c)) {
      pending_space = !collapsed.isEmpty();
      continue;
    }
    if (pending_space) collapsed.append(static_cast<UChar>(u' '));
    pending_space = false;
    collapsed.append(c);
  }
  std::string out;
  collapsed.toUTF8String(out);
  return out;
}

std::string visible(std::string_view utf8) {
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  icu::UnicodeString out;
  for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
    UChar32 c = text.char32At(i);
    if (c != u' ' && (u_isUWhiteSpace(c) || u_iscntrl(c) || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT))) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(c));
      out.append(icu::UnicodeString::fromUTF8(buf));
    } else {
      out.append(c);
    }
  }
  std::string s;
  out.toUTF8String(s);
  return s;
}

}  // namespace rolemig

namespace rolemig {

std::string ascii_fold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: no NFKD data: ") + u_errorName(status));
  icu::UnicodeString decomposed =
      nfkd->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))), status);
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: normalisation failed: ") + u_errorName(status));
  std::string out;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    UChar32 c = decomposed.char32At(i);
    if (c < 0x80) out += static_cast<char>(c);
  }
  return out;
}

}  // namespace rolemig

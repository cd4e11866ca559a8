#include "io/json_value.h"

#include <gtest/gtest.h>

#include "util/error.h"
#include "util/file.h"
#include "util/sha256.h"
#include "test_files.h"

namespace rolemig {

namespace {

std::string pos(const JsonValue& v) { return std::to_string(v.line) + ":" + std::to_string(v.col); }

// The position and the "n" member of every document, in order.
std::vector<std::string> documents(std::string_view text) {
  JsonParser parser(text, "users.json");
  std::vector<std::string> out;
  parser.for_each_document([&](const JsonValue& doc) {
    const JsonValue* n = doc.find("n");
    out.push_back(pos(doc) + " n=" + (n ? n->text : "-"));
  });
  return out;
}

// Rendered diagnostics of reading every document of `text`; "" if none.
std::string documents_error(std::string_view text) {
  try {
    documents(text);
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += render(d);
    return out;
  }
  return "";
}

std::string single_error(std::string_view text) {
  try {
    JsonParser(text, "x.json").parse_single();
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += render(d);
    return out;
  }
  return "";
}

std::string string_value(std::string_view text) { return JsonParser(text, "x.json").parse_single().text; }

using Strings = std::vector<std::string>;

}  // namespace

TEST(JsonValue, EveryValueKnowsWhereItStarts) {
  std::string text =
      "{\n"
      "  \"a\": [1, \"x\"],\n"
      "  \"b\": {\"c\": null, \"d\": true}\n"
      "}";
  JsonParser parser(text, "x.json");
  JsonValue v = parser.parse_single();
  ASSERT_TRUE(v.is_object());
  EXPECT_EQ(pos(v), "1:1");
  EXPECT_EQ(v.offset, 0u);
  const JsonValue* a = v.find("a");
  ASSERT_TRUE(a && a->is_array());
  EXPECT_EQ(pos(*a), "2:8");
  ASSERT_EQ(a->items.size(), 2u);
  EXPECT_EQ(pos(a->items[0]), "2:9");
  EXPECT_EQ(a->items[0].kind, JsonValue::Kind::number);
  EXPECT_EQ(a->items[0].text, "1");
  EXPECT_EQ(pos(a->items[1]), "2:12");
  EXPECT_EQ(a->items[1].text, "x");
  const JsonValue* b = v.find("b");
  ASSERT_TRUE(b && b->is_object());
  EXPECT_EQ(pos(*b), "3:8");
  ASSERT_NE(b->find("c"), nullptr);
  EXPECT_EQ(pos(*b->find("c")), "3:14");
  EXPECT_EQ(b->find("c")->kind_name(), "null");
  EXPECT_EQ(pos(*b->find("d")), "3:25");
  EXPECT_TRUE(b->find("d")->boolean);
  EXPECT_EQ(v.find("missing"), nullptr);
  // Members keep document order.
  ASSERT_EQ(v.members.size(), 2u);
  EXPECT_EQ(v.members[0].first, "a");
  EXPECT_EQ(v.members[1].first, "b");
}

TEST(JsonValue, DiagnosticAtAValueShowsItsLine) {
  std::string text = "{\n  \"permissions\": [\"Manage_Orders\", 7]\n}\n";
  JsonParser parser(text, "users.json");
  JsonValue v = parser.parse_single();
  const JsonValue& seven = v.find("permissions")->items[1];
  EXPECT_EQ(render(parser.at(seven, "expected a permission id string, found a number")),
            "users.json:2:36: error: expected a permission id string, found a number\n"
            "    2 |   \"permissions\": [\"Manage_Orders\", 7]\n"
            "      |                                    ^\n");
}

TEST(JsonValue, NumbersKeepTheirLiteralText) {
  JsonValue v = JsonParser("[0, -12, 3.25, 1e9, 2E-3, 12345678901234567890]", "x.json").parse_single();
  Strings texts;
  for (const auto& i : v.items) texts.push_back(i.text);
  EXPECT_EQ(texts, (Strings{"0", "-12", "3.25", "1e9", "2E-3", "12345678901234567890"}));
}

TEST(JsonValue, ByteOrderMarkIsAcceptedAndTakesNoColumn) {
  JsonValue v = JsonParser("\xEF\xBB\xBF{\"a\": 1}", "x.json").parse_single();
  EXPECT_EQ(pos(v), "1:1");
  EXPECT_EQ(pos(*v.find("a")), "1:7");
}

TEST(JsonValue, PageFormSingleObject) {
  EXPECT_EQ(documents("{\"n\": \"1\"}"), (Strings{"1:1 n=1"}));
  EXPECT_EQ(documents("\n\n  {\n    \"n\": \"1\"\n  }\n\n"), (Strings{"3:3 n=1"}));
}

TEST(JsonValue, PageFormArrayOfPages) {
  EXPECT_EQ(documents("[\n  {\"n\": \"1\"},\n  {\"n\": \"2\"}\n]\n"), (Strings{"2:3 n=1", "3:3 n=2"}));
  EXPECT_EQ(documents("[]"), Strings{});
}

TEST(JsonValue, PageFormJsonLines) {
  EXPECT_EQ(documents("{\"n\": \"1\"}\n{\"n\": \"2\"}\n\n{\"n\": \"3\"}"), (Strings{"1:1 n=1", "2:1 n=2", "4:1 n=3"}));
  EXPECT_EQ(documents("{\"n\": \"1\"}\r\n{\"n\": \"2\"}\r\n"), (Strings{"1:1 n=1", "2:1 n=2"}));
}

TEST(JsonValue, StringEscapes) {
  EXPECT_EQ(string_value(R"("\"\\\/\b\f\n\r\t")"), "\"\\/\b\f\n\r\t");
  EXPECT_EQ(string_value(R"("caf\u00e9 \u20AC")"), "caf\xC3\xA9 \xE2\x82\xAC");
  EXPECT_EQ(string_value(R"("\u0041\u0000z")"), std::string("A\0z", 3));
  // A surrogate pair is one code point: U+1F600 is F0 9F 98 80 in UTF-8.
  EXPECT_EQ(string_value(R"("\ud83d\ude00!")"), "\xF0\x9F\x98\x80!");
  // Raw UTF-8 passes through.
  EXPECT_EQ(string_value("\"\xE2\x82\xAC\""), "\xE2\x82\xAC");
}

TEST(JsonValue, LoneHighSurrogate) {
  EXPECT_EQ(single_error(R"("\ud83dx")"),
            "x.json:1:8: error: expected a low surrogate \\u escape, found 'x'\n"
            "    1 | \"\\ud83dx\"\n"
            "      |        ^\n");
}

TEST(JsonValue, HighSurrogateFollowedByANonSurrogate) {
  EXPECT_EQ(single_error(R"(["\ud83d\u0041"])"),
            "x.json:1:9: error: expected a low surrogate (\\udc00-\\udfff) after a high one, found '\\u0041'\n"
            "    1 | [\"\\ud83d\\u0041\"]\n"
            "      |         ^\n");
}

TEST(JsonValue, LoneLowSurrogate) {
  EXPECT_EQ(single_error(R"(["ab\ude00"])"),
            "x.json:1:5: error: expected a high surrogate (\\ud800-\\udbff) before a low one, found '\\ude00'\n"
            "    1 | [\"ab\\ude00\"]\n"
            "      |     ^\n");
}

TEST(JsonValue, BadEscapes) {
  EXPECT_EQ(single_error(R"("a\x")"),
            "x.json:1:4: error: expected a valid escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u), found 'x'\n"
            "    1 | \"a\\x\"\n"
            "      |    ^\n");
  EXPECT_EQ(single_error(R"("\u00g0")"),
            "x.json:1:6: error: expected a hex digit, found 'g'\n"
            "    1 | \"\\u00g0\"\n"
            "      |      ^\n");
}

TEST(JsonValue, UnescapedControlCharacterInAString) {
  EXPECT_EQ(single_error("{\"a\": \"x\ny\"}"),
            "x.json:1:9: error: expected a string character (control characters must be escaped), found byte 0x0a\n"
            "    1 | {\"a\": \"x\n"
            "      |         ^\n");
}

TEST(JsonValue, InvalidUtf8InAStringIsReportedAtTheString) {
  EXPECT_EQ(single_error("{\n  \"email\": \"caf\xC3\"\n}"),
            "x.json:2:12: error: expected UTF-8 text, found invalid UTF-8 in a string\n"
            "    2 |   \"email\": \"caf\xC3\"\n"
            "      |            ^\n");
}

TEST(JsonValue, TruncatedDocument) {
  EXPECT_EQ(single_error("{\"data\": [1, 2"),
            "x.json:1:15: error: expected ',' or ']', found end of file\n"
            "    1 | {\"data\": [1, 2\n"
            "      |               ^\n");
  EXPECT_EQ(documents_error("{\"data\": {\"account\": "),
            "users.json:1:22: error: expected a value, found end of file\n"
            "    1 | {\"data\": {\"account\": \n"
            "      |                      ^\n");
  EXPECT_EQ(documents_error("{\n  \"a\": 1,\n"), "users.json:3:1: error: expected a member name in double quotes, found end of file\n");
  EXPECT_EQ(documents_error("{\"a\": \"unterminated"),
            "users.json:1:20: error: expected a closing '\"', found end of file\n"
            "    1 | {\"a\": \"unterminated\n"
            "      |                    ^\n");
}

TEST(JsonValue, MissingComma) {
  EXPECT_EQ(documents_error("{\n  \"a\": 1\n  \"b\": 2\n}\n"),
            "users.json:3:3: error: expected ',' or '}', found '\"'\n"
            "    3 |   \"b\": 2\n"
            "      |   ^\n");
  EXPECT_EQ(documents_error("[{\"n\": \"1\"} {\"n\": \"2\"}]"),
            "users.json:1:13: error: expected ',' or ']', found '{'\n"
            "    1 | [{\"n\": \"1\"} {\"n\": \"2\"}]\n"
            "      |             ^\n");
}

TEST(JsonValue, MissingColonAndTrailingComma) {
  EXPECT_EQ(single_error("{\"a\" 1}"),
            "x.json:1:6: error: expected ':', found '1'\n"
            "    1 | {\"a\" 1}\n"
            "      |      ^\n");
  EXPECT_EQ(single_error("{\"a\": 1,}"),
            "x.json:1:9: error: expected a member name in double quotes, found '}'\n"
            "    1 | {\"a\": 1,}\n"
            "      |         ^\n");
  EXPECT_EQ(single_error("[1,]"),
            "x.json:1:4: error: expected a value, found ']'\n"
            "    1 | [1,]\n"
            "      |    ^\n");
}

TEST(JsonValue, TrailingGarbageAfterTheDocument) {
  // One document per line: anything after a document on its line is garbage.
  EXPECT_EQ(documents_error("{\"n\": \"1\"}}\n"),
            "users.json:1:11: error: expected end of file or a new line before the next document, found '}'\n"
            "    1 | {\"n\": \"1\"}}\n"
            "      |           ^\n");
  EXPECT_EQ(documents_error("{\"n\": \"1\"} {\"n\": \"2\"}\n"),
            "users.json:1:12: error: expected end of file or a new line before the next document, found '{'\n"
            "    1 | {\"n\": \"1\"} {\"n\": \"2\"}\n"
            "      |            ^\n");
  EXPECT_EQ(documents_error("[{\"n\": \"1\"}]\nx"),
            "users.json:2:1: error: expected end of file after the array of pages, found 'x'\n"
            "    2 | x\n"
            "      | ^\n");
  EXPECT_EQ(single_error("{} x"),
            "x.json:1:4: error: expected end of file, found 'x'\n"
            "    1 | {} x\n"
            "      |    ^\n");
}

TEST(JsonValue, GarbageOnTheNextLineIsABadDocument) {
  EXPECT_EQ(documents_error("{\"n\": \"1\"}\nnot json\n"),
            "users.json:2:1: error: expected a value, found 'n'\n"
            "    2 | not json\n"
            "      | ^\n");
}

TEST(JsonValue, EmptyInput) {
  EXPECT_EQ(documents_error(""), "users.json:1:1: error: expected a JSON value, found end of file\n");
  EXPECT_EQ(documents_error("  \n"), "users.json:2:1: error: expected a JSON value, found end of file\n");
}

TEST(JsonValue, NulAndNonAsciiBytesAreNamed) {
  EXPECT_EQ(single_error(std::string("[1,\0]", 5)),
            "x.json:1:4: error: expected a value, found a NUL byte\n"
            "    1 | [1,?]\n"
            "      |    ^\n");
  EXPECT_EQ(single_error("[\xC3\xA9]"),
            "x.json:1:2: error: expected a value, found byte 0xc3\n"
            "    1 | [\xC3\xA9]\n"
            "      |  ^\n");
}

TEST(JsonValue, NestingIsBounded) {
  std::string deep(300, '[');
  std::string err = single_error(deep);
  EXPECT_EQ(err.substr(0, err.find('\n')), "x.json:1:258: error: expected at most 256 levels of nesting, found '['");
}

}  // namespace rolemig

// ------------------------------------------- reading from an InputReader
//
// A users export is parsed as it is read (issue 12): the parser holds the
// document being read and a block, so blocks of a few bytes cut pages,
// strings, escapes, surrogate pairs, CRLF and the BOM anywhere. Whatever the
// blocks, the reader sees what it sees parsing the whole text: the same
// documents at the same line:col and offset, the same caret lines, the same
// errors.

namespace rolemig {

namespace {

// Every document's position and offset, a diagnostic at its last value
// (the caret line the readers would show), then the error, if any
// (`failed` says whether there was one).
const JsonValue& last_value(const JsonValue& doc) {
  const JsonValue* v = &doc;
  while (!v->items.empty() || !v->members.empty()) v = v->items.empty() ? &v->members.back().second : &v->items.back();
  return *v;
}

std::string transcript(JsonParser& parser, bool* failed = nullptr) {
  std::string out;
  if (failed) *failed = false;
  // Each document kept with the parser's snapshot, to place the same
  // diagnostic once the parser has read on (another thread does).
  struct Kept {
    JsonValue doc;
    JsonParser text;
    std::string rendered;
  };
  std::vector<Kept> kept;
  try {
    parser.for_each_document([&](JsonValue& doc) {
      out += pos(doc) + " @" + std::to_string(doc.offset) + "\n";
      std::string rendered = render(parser.at(last_value(doc), "expected something else here"));
      out += rendered;
      kept.push_back(Kept{std::move(doc), parser.snapshot(), std::move(rendered)});
    });
  } catch (const InputError& e) {
    for (const auto& d : e.diagnostics()) out += render(d);
    if (failed) *failed = true;
  }
  for (const auto& k : kept) EXPECT_EQ(render(k.text.at(last_value(k.doc), "expected something else here")), k.rendered);
  return out;
}

std::string whole(std::string_view text) {
  JsonParser parser(text, "users.json");
  return transcript(parser);
}

// `text` read from a file `block` bytes at a time, the first `head_blocks`
// of them read before the parser starts (as the format choice reads them).
// Where it parses, the whole file was read and hashed.
std::string streamed(const std::string& text, size_t block, size_t head_blocks) {
  testing::ScratchDir dir("json-stream");
  testing::write_file(dir / "users.json", text);
  InputReader in(dir / "users.json", kExportLimit, block);
  std::string head;
  for (size_t i = 0; i < head_blocks && in.read_block(head); ++i) {
  }
  JsonParser parser(in, std::move(head), "users.json");
  bool failed = false;
  std::string out = transcript(parser, &failed);
  if (!failed) {
    EXPECT_EQ(in.sha256(), sha256_hex(text));
  }
  return out;
}

void expect_streamed_as_whole(const std::string& text) {
  const std::string expected = whole(text);
  for (size_t block : {1, 2, 3, 7, 64, 4096}) {
    for (size_t head : {0, 1}) EXPECT_EQ(streamed(text, block, head), expected) << "block " << block << ", head " << head << ", text:\n" << text;
  }
}

// `count` pages of about 300 bytes, each on its own line (or all on one).
std::string pages(int count, std::string_view between, std::string_view indent = "") {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += between;
    out += std::string(indent) + R"({"n": ")" + std::to_string(i) + R"(", "users": [{"email": "u)" + std::to_string(i) + R"(@x.example", "note": ")" +
           std::string(200, 'a' + i % 26) + R"(\"\\\u00e9\ud83d\ude00", "permissions": ["A", "B"], "ok": true, "n": -1.5e3}]})";
  }
  return out;
}

}  // namespace

TEST(JsonValueStreamed, TheThreePageFormsReadAsWhole) {
  expect_streamed_as_whole("{\"n\": \"1\"}");
  expect_streamed_as_whole(
      "\xEF\xBB\xBF\r\n  {\r\n    \"n\": \"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\" \\\\\",\r\n    \"a\": [1, -2.5e3, true, false, null]\r\n  }\r\n");
  expect_streamed_as_whole("[\n" + pages(40, ",\n", "  ") + "\n]\n");
  expect_streamed_as_whole("\xEF\xBB\xBF[" + pages(40, ",") + "]");  // one line of 12 KB
  expect_streamed_as_whole(pages(40, "\r\n") + "\r\n");
  expect_streamed_as_whole(pages(40, "\n\n \t\n"));
  expect_streamed_as_whole("[]");
  expect_streamed_as_whole(" [ \n ] \n");
  expect_streamed_as_whole("[1, \"two\", [3], {\"four\": 4}]");
  expect_streamed_as_whole("1\n\"two\"\ntrue\nnull\n-0.5E+2");
}

TEST(JsonValueStreamed, SyntaxErrorsInALaterPageAreAsWhole) {
  // Each is broken in page 30 of 40, after the parser has let pages go.
  auto broken = [](std::string text, std::string_view from, std::string_view to) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return text.replace(at, from.size(), to);
  };
  const std::string lines = pages(40, "\n");
  const std::string array = "[\n" + pages(40, ",\n", "  ") + "\n]\n";
  const std::string one_line = "[" + pages(40, ",") + "]";
  for (const std::string& text : {lines, array, one_line}) {
    expect_streamed_as_whole(broken(text, R"("n": "30", "users")", R"("n": "30" "users")"));
    expect_streamed_as_whole(broken(text, R"("u30@x.example")", R"("u30@x.example", "email": "again")"));
    expect_streamed_as_whole(broken(text, R"(u30@x.)", "u30\xC3@x."));
    expect_streamed_as_whole(broken(text, R"(u30@x.)", "u30\x01@x."));
    expect_streamed_as_whole(broken(text, R"(u30@x.)", R"(u30\q@x.)"));
    expect_streamed_as_whole(broken(text, R"(u30@x.)", R"(u30\u00g0@x.)"));
    expect_streamed_as_whole(broken(text, R"(u30@x.)", R"(u30\ud83d\u0041@x.)"));
    expect_streamed_as_whole(broken(text, R"(u30@x.)", R"(u30\ude00@x.)"));
    expect_streamed_as_whole(broken(text, R"(u30@x.)", R"(u30\ud83dx@x.)"));
    expect_streamed_as_whole(broken(text, R"("n": "30", "users": [{"email")", R"("n": "30", "users": [{"email" 1)"));
    expect_streamed_as_whole(broken(text, R"("n": "30", "users": [{)", R"("n": "30", "users": [tru, {)"));
    expect_streamed_as_whole(broken(text, R"("n": "30", "users": [{)", R"("n": "30", "users": [1.e5, {)"));
    expect_streamed_as_whole(broken(text, R"("n": "30", "users": [{)", R"("n": "30", "users": [)" + std::string(300, '[')));
  }
  // Between pages, and at the end of the file.
  expect_streamed_as_whole("[" + pages(30, ",") + " " + pages(2, ","));
  expect_streamed_as_whole("[" + pages(30, ",") + ",");
  expect_streamed_as_whole("[" + pages(30, ",") + ", ]");
  expect_streamed_as_whole("[" + pages(30, ",\n"));
  expect_streamed_as_whole("[" + pages(30, ",") + "] x");
  expect_streamed_as_whole("[" + pages(30, ",") + "]\n[]");
  expect_streamed_as_whole(pages(30, "\n") + " {\"n\": 1}");
  expect_streamed_as_whole(pages(30, "\n") + "\n{\"n\": \"unterminated");
  expect_streamed_as_whole(pages(30, "\n") + "\n{\"n\": tr");
  expect_streamed_as_whole(pages(30, "\n") + "\n{\"n\": \"\\u00");
  expect_streamed_as_whole(pages(30, "\n") + "\n{\"n\": \"\\");
  expect_streamed_as_whole(pages(30, "\n") + "\n{\"n\": -");
  expect_streamed_as_whole("");
  expect_streamed_as_whole(" \r\n\t");
  expect_streamed_as_whole("\xEF\xBB\xBF");
}

}  // namespace rolemig

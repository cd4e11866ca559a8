#include "render/json_stream.h"

#include <gtest/gtest.h>

#include <sstream>

#include <nlohmann/json.hpp>

namespace rolemig {

namespace {

std::string escaped(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

}  // namespace

TEST(JsonStream, StringsAreEscapedAsNlohmannEscapesThem) {
  EXPECT_EQ(escaped("plain text@example.com"), "\"plain text@example.com\"");
  EXPECT_EQ(escaped(""), "\"\"");
  EXPECT_EQ(escaped("a\"b\\c/d"), "\"a\\\"b\\\\c/d\"");
  EXPECT_EQ(escaped("\b\f\n\r\t"), "\"\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(escaped(std::string("\x00\x01\x1f", 3)), "\"\\u0000\\u0001\\u001f\"");
  EXPECT_EQ(escaped("\x7f"), "\"\x7f\"");
  EXPECT_EQ(escaped("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
  for (std::string s : {"x\x1b[0m", "\xc2\x9b", "tab\there", "\"quoted\""}) EXPECT_EQ(escaped(s), nlohmann::json(s).dump()) << s;
}

TEST(JsonStream, InvalidUtf8ThrowsAsDumpDoes) {
  EXPECT_THROW(nlohmann::json(std::string("a\xff")).dump(), nlohmann::json::type_error);
  EXPECT_THROW(escaped("a\xff"), nlohmann::json::type_error);
  EXPECT_THROW(escaped("\xc3"), nlohmann::json::type_error);
}

TEST(JsonStream, DocumentIsByteForByteNlohmannsDumpWithIndentTwo) {
  using json = nlohmann::ordered_json;
  const json tree = json{{"name", "g\n1"},
                         {"empty_array", json::array()},
                         {"empty_object", json::object()},
                         {"list", json{1, 2}},
                         {"nested", json{{"a", json::array({json{{"b", nullptr}}, true, false})}, {"n", 1234567890123ULL}}},
                         {"small", json{{"x", json::array({"y"})}}}};
  std::ostringstream out;
  JsonStream js(out);
  js.begin_object();
  js.key("name").string("g\n1");
  js.key("empty_array").begin_array();
  js.end_array();
  js.key("empty_object").begin_object();
  js.end_object();
  js.key("list").begin_array();
  js.number(1);
  js.number(size_t{2});
  js.end_array();
  js.key("nested").begin_object();
  js.key("a").begin_array();
  js.begin_object();
  js.key("b").null();
  js.end_object();
  js.boolean(true);
  js.boolean(false);
  js.end_array();
  js.key("n").number(1234567890123ULL);
  js.end_object();
  js.key("small").tree(json{{"x", json::array({"y"})}});
  js.end_object();
  js.flush();
  EXPECT_EQ(out.str(), tree.dump(2));
  EXPECT_EQ(out.str(),
            "{\n"
            "  \"name\": \"g\\n1\",\n"
            "  \"empty_array\": [],\n"
            "  \"empty_object\": {},\n"
            "  \"list\": [\n"
            "    1,\n"
            "    2\n"
            "  ],\n"
            "  \"nested\": {\n"
            "    \"a\": [\n"
            "      {\n"
            "        \"b\": null\n"
            "      },\n"
            "      true,\n"
            "      false\n"
            "    ],\n"
            "    \"n\": 1234567890123\n"
            "  },\n"
            "  \"small\": {\n"
            "    \"x\": [\n"
            "      \"y\"\n"
            "    ]\n"
            "  }\n"
            "}");
}

TEST(JsonStream, TreeAtTopLevelAndEmptyTrees) {
  using json = nlohmann::ordered_json;
  std::ostringstream out;
  JsonStream js(out);
  js.begin_array();
  js.tree(json::array());
  js.tree(json{{"k", "v"}});
  js.end_array();
  js.flush();
  EXPECT_EQ(out.str(), "[\n  [],\n  {\n    \"k\": \"v\"\n  }\n]");
}

TEST(JsonStream, StringOfPartsIsTheWholeStringEscaped) {
  std::ostringstream out;
  {
    JsonStream js(out);
    js.begin_array();
    js.string_of_parts({"users.csv", ":", "12"});
    js.string_of_parts({"store:", "a\"b"});
    js.string_of_parts({});
    js.end_array();
  }  // the destructor flushes
  EXPECT_EQ(out.str(), "[\n  \"users.csv:12\",\n  \"store:a\\\"b\",\n  \"\"\n]");
  JsonStream js(out);
  EXPECT_THROW(js.string_of_parts({"ok", "\xc3", ":1"}), nlohmann::json::type_error);
}

// Past the buffer's block (64 KiB) the text reaches the stream in order.
TEST(JsonStream, LargeDocumentsAreTheTreesBytes) {
  using json = nlohmann::ordered_json;
  json tree = json::array();
  std::ostringstream out;
  JsonStream js(out);
  js.begin_array();
  for (int i = 0; i < 20000; ++i) {
    const std::string email = "user" + std::to_string(i) + "@example.com";
    tree.push_back(json{{"email", email}, {"n", i}});
    js.begin_object();
    js.key("email").string(email);
    js.key("n").number(i);
    js.end_object();
  }
  js.end_array();
  js.flush();
  EXPECT_GT(out.str().size(), size_t{1} << 16);
  EXPECT_EQ(out.str(), tree.dump(2));
}

}  // namespace rolemig

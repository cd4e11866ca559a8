#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "util/error.h"

namespace rolemig {

namespace {

// "value@line:col" for each field of a record: positions and values at once.
std::vector<std::string> fields(const CsvRecord& rec) {
  std::vector<std::string> out;
  for (const auto& f : rec.fields) out.push_back(f.value + "@" + std::to_string(f.line) + ":" + std::to_string(f.col));
  return out;
}

// Every record of `text` as "line: fields...", then its raw text, read
// `block` bytes at a time.
std::vector<std::vector<std::string>> read_blocks(const std::string& text, size_t block) {
  std::istringstream in(text);
  CsvReader reader(in, "users.csv", block);
  CsvRecord rec;
  std::vector<std::vector<std::string>> out;
  while (reader.next(rec)) {
    std::vector<std::string> r = {"line " + std::to_string(rec.line)};
    for (auto& f : fields(rec)) r.push_back(f);
    r.push_back(rec.text);
    out.push_back(r);
  }
  return out;
}

// The rendered diagnostics of reading `text` to the end `block` bytes at a
// time; "" when it reads cleanly.
std::string error_blocks(const std::string& text, size_t block) {
  try {
    read_blocks(text, block);
  } catch (const InputError& e) {
    std::string out;
    for (const auto& d : e.diagnostics()) out += render(d);
    return out;
  }
  return "";
}

// Blocks that split every record, quote and line end somewhere.
const size_t kSmallBlocks[] = {1, 2, 3, 7};

// Every record of `text` as "line: fields...". Reading it a few bytes at a
// time gives the same records, raw texts included.
std::vector<std::vector<std::string>> read_all(const std::string& text) {
  std::vector<std::vector<std::string>> out = read_blocks(text, CsvReader::kBlock);
  for (size_t block : kSmallBlocks) EXPECT_EQ(read_blocks(text, block), out) << "read " << block << " bytes at a time";
  for (auto& r : out) r.pop_back();
  return out;
}

// The rendered diagnostics of reading `text` to the end; "" when it reads
// cleanly. The same read a few bytes at a time.
std::string error_of(const std::string& text) {
  std::string out = error_blocks(text, CsvReader::kBlock);
  for (size_t block : kSmallBlocks) EXPECT_EQ(error_blocks(text, block), out) << "read " << block << " bytes at a time";
  return out;
}

using Records = std::vector<std::vector<std::string>>;

}  // namespace

TEST(CsvReader, FieldsCarryTheirLineAndColumn) {
  EXPECT_EQ(read_all("email,store_id,role\na@x.com,1,Admin\n"),
            (Records{{"line 1", "email@1:1", "store_id@1:7", "role@1:16"}, {"line 2", "a@x.com@2:1", "1@2:9", "Admin@2:11"}}));
}

TEST(CsvReader, EmptyFieldsArePositionedToo) { EXPECT_EQ(read_all("a,,c,\n"), (Records{{"line 1", "a@1:1", "@1:3", "c@1:4", "@1:6"}})); }

TEST(CsvReader, QuotedFieldMayHoldCommas) { EXPECT_EQ(read_all("\"Doe, Jane\",1\n"), (Records{{"line 1", "Doe, Jane@1:1", "1@1:13"}})); }

TEST(CsvReader, DoubledQuoteIsOneQuote) {
  EXPECT_EQ(read_all("\"say \"\"hi\"\"\",x\n\"\"\"\"\n"), (Records{{"line 1", "say \"hi\"@1:1", "x@1:14"}, {"line 2", "\"@2:1"}}));
}

TEST(CsvReader, QuotedFieldMaySpanLines) {
  // The field opened on line 1 ends on line 3; the next field and record count
  // physical lines.
  EXPECT_EQ(read_all("\"one\ntwo\nthree\",b\nnext,row\n"), (Records{{"line 1", "one\ntwo\nthree@1:1", "b@3:8"}, {"line 4", "next@4:1", "row@4:6"}}));
}

TEST(CsvReader, CrLfLineEndings) {
  EXPECT_EQ(read_all("a,b\r\nc,\"d\"\r\n\r\ne,f\r\n"),
            (Records{{"line 1", "a@1:1", "b@1:3"}, {"line 2", "c@2:1", "d@2:3"}, {"line 4", "e@4:1", "f@4:3"}}));
}

TEST(CsvReader, CrLfInsideAQuotedFieldIsKept) { EXPECT_EQ(read_all("\"x\r\ny\",z\r\n"), (Records{{"line 1", "x\r\ny@1:1", "z@2:4"}})); }

TEST(CsvReader, ByteOrderMarkIsAcceptedAndTakesNoColumn) {
  EXPECT_EQ(read_all("\xEF\xBB\xBF"
                     "email,store_id\n"),
            (Records{{"line 1", "email@1:1", "store_id@1:7"}}));
}

TEST(CsvReader, BlankLinesAreSkipped) {
  EXPECT_EQ(read_all("\n\na,b\n\n  \n\r\nc,d\n\n"), (Records{{"line 3", "a@3:1", "b@3:3"}, {"line 7", "c@7:1", "d@7:3"}}));
}

TEST(CsvReader, AQuotedEmptyFieldIsNotABlankLine) { EXPECT_EQ(read_all("\"\"\n"), (Records{{"line 1", "@1:1"}})); }

TEST(CsvReader, LastLineWithoutNewline) {
  EXPECT_EQ(read_all("a,b\nc,d"), (Records{{"line 1", "a@1:1", "b@1:3"}, {"line 2", "c@2:1", "d@2:3"}}));
  EXPECT_EQ(read_all("a,\"b\""), (Records{{"line 1", "a@1:1", "b@1:3"}}));
}

TEST(CsvReader, RecordsOfDifferentWidthsReuseTheRecordCleanly) {
  EXPECT_EQ(
      read_all("alpha.beta@example.com,b,c\nd\n\"e\",,g,h\n"),
      (Records{{"line 1", "alpha.beta@example.com@1:1", "b@1:24", "c@1:26"}, {"line 2", "d@2:1"}, {"line 3", "e@3:1", "@3:5", "g@3:6", "h@3:8"}}));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_EQ(read_all(""), Records{});
  EXPECT_EQ(read_all("\n\r\n"), Records{});
}

TEST(CsvReader, RecordKeepsItsFirstLineForCarets) {
  std::istringstream in("h1,h2\n\"multi\nline\",x\n");
  CsvReader reader(in, "users.csv");
  CsvRecord rec;
  ASSERT_TRUE(reader.next(rec));
  EXPECT_EQ(rec.first_line(), "h1,h2");
  ASSERT_TRUE(reader.next(rec));
  EXPECT_EQ(rec.line, 2);
  EXPECT_EQ(rec.first_line(), "\"multi");
  EXPECT_FALSE(reader.next(rec));
}

TEST(CsvReader, UnterminatedQuoteIsReportedAtTheOpeningQuote) {
  EXPECT_EQ(error_of("email,store_id\na@x.com,\"1\nb@x.com,2\n"),
            "users.csv:2:9: error: expected a closing '\"' for the quoted field opened here, found end of file\n"
            "    2 | a@x.com,\"1\n"
            "      |         ^\n");
}

TEST(CsvReader, UnterminatedQuoteOnTheLastLineWithoutNewline) {
  EXPECT_EQ(error_of("a,b\n\"x"),
            "users.csv:2:1: error: expected a closing '\"' for the quoted field opened here, found end of file\n"
            "    2 | \"x\n"
            "      | ^\n");
}

TEST(CsvReader, StrayQuoteInsideAnUnquotedField) {
  EXPECT_EQ(error_of("a,b\nx,ab\"c,d\n"),
            "users.csv:2:5: error: expected a field without quotes or a fully quoted field, found a stray '\"'\n"
            "    2 | x,ab\"c,d\n"
            "      |     ^\n");
}

TEST(CsvReader, TextAfterAClosingQuote) {
  EXPECT_EQ(error_of("\"ab\"c,d\n"),
            "users.csv:1:5: error: expected ',' or end of line after a quoted field, found 'c'\n"
            "    1 | \"ab\"c,d\n"
            "      |     ^\n");
}

TEST(CsvReader, StrayQuoteOnALaterLineOfAMultiLineRecord) {
  // The caret line is the physical line of the problem, shown whole.
  EXPECT_EQ(error_of("h,i,j\n\"ok\nstill\",x\"y,z\n"),
            "users.csv:3:9: error: expected a field without quotes or a fully quoted field, found a stray '\"'\n"
            "    3 | still\",x\"y,z\n"
            "      |         ^\n");
}

TEST(CsvReader, NulByte) {
  EXPECT_EQ(error_of(std::string("a,b\nc,d\0e,f\n", 12)),
            "users.csv:2:4: error: expected text, found a NUL byte\n"
            "    2 | c,d?e,f\n"
            "      |    ^\n");
}

TEST(CsvReader, NulByteInsideAQuotedField) {
  EXPECT_EQ(error_of(std::string("\"a\0b\",c\n", 8)),
            "users.csv:1:3: error: expected text, found a NUL byte\n"
            "    1 | \"a?b\",c\n"
            "      |   ^\n");
}

TEST(CsvReader, InvalidUtf8IsReportedAtItsByte) {
  EXPECT_EQ(error_of("email,name\na@x.com,caf\xC3\n"),
            "users.csv:2:12: error: expected UTF-8 text, found invalid UTF-8 (byte 0xc3)\n"
            "    2 | a@x.com,caf\xC3\n"
            "      |            ^\n");
}

TEST(CsvReader, InvalidUtf8InAQuotedFieldCountsTheQuotesAndLinesBeforeIt) {
  // The byte is on the field's second line, after a doubled quote.
  EXPECT_EQ(error_of("email,name\na@x.com,\"first\nsay \"\"hi\"\" caf\xC3\"\n"),
            "users.csv:3:15: error: expected UTF-8 text, found invalid UTF-8 (byte 0xc3)\n"
            "    3 | say \"\"hi\"\" caf\xC3\"\n"
            "      |               ^\n");
  EXPECT_EQ(error_of("email,name\na@x.com,\"\"\"caf\xC3\"\n"),
            "users.csv:2:15: error: expected UTF-8 text, found invalid UTF-8 (byte 0xc3)\n"
            "    2 | a@x.com,\"\"\"caf\xC3\"\n"
            "      |               ^\n");
}

TEST(CsvReader, InvalidUtf8InTheLastFieldWithoutNewline) {
  EXPECT_EQ(error_of("a,\xFF"),
            "users.csv:1:3: error: expected UTF-8 text, found invalid UTF-8 (byte 0xff)\n"
            "    1 | a,\xFF\n"
            "      |   ^\n");
}

TEST(CsvReader, ValidUtf8IsKept) { EXPECT_EQ(read_all("caf\xC3\xA9,x\n"), (Records{{"line 1", "caf\xC3\xA9@1:1", "x@1:7"}})); }

TEST(CsvReader, BrokenByteOrderMarkIsInvalidUtf8InTheFirstField) {
  EXPECT_EQ(error_of("\xEF\xBB"
                     "a,b\n"),
            "users.csv:1:1: error: expected UTF-8 text, found invalid UTF-8 (byte 0xef)\n"
            "    1 | \xEF\xBB"
            "a,b\n"
            "      | ^\n");
}

TEST(CsvReader, TextStartingWithByteEFIsNotMistakenForABrokenBom) {
  // U+FF21 FULLWIDTH LATIN CAPITAL LETTER A is EF BC A1 in UTF-8.
  EXPECT_EQ(read_all("\xEF\xBC\xA1,b\n"), (Records{{"line 1", "\xEF\xBC\xA1@1:1", "b@1:5"}}));
}

}  // namespace rolemig

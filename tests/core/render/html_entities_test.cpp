#include "core/render/html_entities.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace chatkit::render {
namespace {

TEST(HtmlEntities, NamedReferencesDecodeToTheirText) {
  EXPECT_EQ(decode_entity("&AElig;"), "\xC3\x86");     // the table's first entry
  EXPECT_EQ(decode_entity("&zwnj;"), "\xE2\x80\x8C");  // and its last
  EXPECT_EQ(decode_entity("&amp;"), "&");
  EXPECT_EQ(decode_entity("&AMP;"), "&");
  EXPECT_EQ(decode_entity("&semi;"), ";");
  EXPECT_EQ(decode_entity("&NewLine;"), "\n");
  EXPECT_EQ(decode_entity("&frac34;"), "\xC2\xBE");
  EXPECT_EQ(decode_entity("&sub;"), "\xE2\x8A\x82");  // a prefix of the next name, &sube;
  EXPECT_EQ(decode_entity("&sube;"), "\xE2\x8A\x86");
  EXPECT_EQ(decode_entity("&Afr;"), "\xF0\x9D\x94\x84");                // beyond the BMP
  EXPECT_EQ(decode_entity("&NotEqualTilde;"), "\xE2\x89\x82\xCC\xB8");  // two code points
}

TEST(HtmlEntities, UnknownNamesStayText) {
  EXPECT_EQ(decode_entity("&bogus;"), std::nullopt);
  EXPECT_EQ(decode_entity("&Amp;"), std::nullopt);  // names are case-sensitive
  EXPECT_EQ(decode_entity("&su;"), std::nullopt);
  EXPECT_EQ(decode_entity("&zzzz;"), std::nullopt);
  EXPECT_EQ(decode_entity("&A;"), std::nullopt);
  EXPECT_EQ(decode_entity("&amp"), std::nullopt);
  EXPECT_EQ(decode_entity("&;"), std::nullopt);
}

TEST(HtmlEntities, NumericReferences) {
  EXPECT_EQ(decode_entity("&#35;"), "#");
  EXPECT_EQ(decode_entity("&#x1F600;"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(decode_entity("&#0;"), "\xEF\xBF\xBD");
  EXPECT_EQ(decode_entity("&#xD800;"), "\xEF\xBF\xBD");
  EXPECT_EQ(decode_entity("&#x110000;"), "\xEF\xBF\xBD");
}

#ifdef CHATKIT_MD4C_ENTITY_C
// The wasm build packs md4c's table at configure time (cmake/md4c_entities.cmake): every entry of
// md4c's source that md4c can report decodes to the code points it lists.
TEST(HtmlEntities, EveryEntryOfMd4csTableDecodes) {
  std::ifstream in(CHATKIT_MD4C_ENTITY_C);
  ASSERT_TRUE(in) << CHATKIT_MD4C_ENTITY_C;
  std::size_t entries = 0;
  for (std::string line; std::getline(in, line);) {
    // { "&AElig;", { 198, 0 } },
    const auto open = line.find("{ \"&");
    if (open == std::string::npos) continue;
    const auto close = line.find('"', open + 3);
    const std::string name = line.substr(open + 3, close - open - 3);
    if (name.back() != ';') continue;  // legacy forms ("&frac12"), which md4c never reports
    char* rest = nullptr;
    const auto first = std::strtoul(line.c_str() + line.find("{ ", close) + 2, &rest, 10);
    const auto second = std::strtoul(rest + 1, nullptr, 10);
    std::string expected;
    append_utf8(expected, static_cast<std::uint32_t>(first));
    if (second != 0) append_utf8(expected, static_cast<std::uint32_t>(second));
    EXPECT_EQ(decode_entity(name), expected) << name;
    ++entries;
  }
  EXPECT_EQ(entries, 2125u);
}
#endif

}  // namespace
}  // namespace chatkit::render

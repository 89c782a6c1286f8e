#include "core/render/sanitize.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace chatkit::render {
namespace {

TEST(SafeUrl, AllowsWebMailAndRelativeLinks) {
  for (const char* url : {"https://example.com/a?b=1#c", "http://x.io", "mailto:me@example.com", "/docs", "docs/a.md",
                          "#anchor", "?q=1", "//cdn.example.com/a.png", "HTTPS://EXAMPLE.COM"}) {
    EXPECT_EQ(safe_url(url, UrlUse::link), std::string(url)) << url;
  }
}

TEST(SafeUrl, RefusesScriptSchemesHoweverSpelled) {
  for (const char* url : {"javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                          "java\nscript:alert(1)", "\x01javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>",
                          "file:///etc/passwd", "java script:alert(1)", ":alert(1)", "\\\\evil.com\\share",
                          "/\\evil.com", "blob:https://x/1", ""}) {
    EXPECT_EQ(safe_url(url, UrlUse::link), std::nullopt) << url;
  }
}

TEST(SafeUrl, ImagesAllowRasterDataUrlsOnly) {
  EXPECT_TRUE(safe_url("data:image/png;base64,iVBORw0KGgo=", UrlUse::image));
  EXPECT_TRUE(safe_url("DATA:IMAGE/JPEG;BASE64,/9j/4AAQ", UrlUse::image));
  EXPECT_FALSE(safe_url("data:image/png;base64,iVBORw0KGgo=", UrlUse::link));
  EXPECT_FALSE(safe_url("data:image/svg+xml;base64,PHN2Zz4=", UrlUse::image));
  EXPECT_FALSE(safe_url("data:image/png;base64,<script>", UrlUse::image));
  EXPECT_FALSE(safe_url("data:text/html;base64,PHNjcmlwdD4=", UrlUse::image));
  EXPECT_FALSE(safe_url("mailto:a@b.c", UrlUse::image));
}

TEST(UrlHost, ExternalUrlsAndTheHostTheyLoadFrom) {
  for (const auto& [url, host] : std::vector<std::pair<std::string, std::string>>{
           {"https://Example.COM:8443/a", "example.com"}, {"//cdn.example/a.png", "cdn.example"},
           {"////cdn.example/a.png", "cdn.example"}, {"http:evil.example/x", "evil.example"},
           {"https://good.com@evil.example/", "evil.example"}, {"https://a@b@evil.example:1/", "evil.example"},
           {"https://evil.example?@good.com", "evil.example"}, {"https://evil.example#@good.com", "evil.example"}}) {
    EXPECT_TRUE(is_external_url(url)) << url;
    EXPECT_EQ(url_host(url), host) << url;
  }
  for (const char* url : {"/a.png", "a.png", "?q", "#x", "mailto:a@b.c", "data:image/png;base64,AA", "/\\evil.example/"}) {
    EXPECT_FALSE(is_external_url(url)) << url;
    EXPECT_EQ(url_host(url), std::nullopt) << url;
  }
  for (const char* url : {"https://[::1]/", "https://evil%2Eexample/", "https://\xc3\xa9.example/", "https:///", "https://e.com\\@x/"}) {
    EXPECT_EQ(url_host(url), std::nullopt) << url;  // not a plain host name
  }
}

TEST(Css, LengthsAreNumbersWithKnownUnits) {
  EXPECT_EQ(css_length(json(12))->text(), "12px");
  EXPECT_EQ(css_length(json(1.5))->text(), "1.5px");
  EXPECT_EQ(css_length(json("50%"))->text(), "50%");
  EXPECT_EQ(css_length(json("2rem"))->text(), "2rem");
  EXPECT_EQ(css_length(json("240"))->text(), "240px");
  EXPECT_EQ(css_length(json("auto"))->text(), "auto");
  for (const char* bad : {"calc(1px)", "1px;background:url(x)", "expression(alert(1))", "1e3px", "12pt", "", "--1px", "1..2px"}) {
    EXPECT_FALSE(css_length(json(bad))) << bad;
  }
  EXPECT_FALSE(css_length(json(true)));
  EXPECT_FALSE(css_length(json(1e300)));
}

TEST(Css, SpacingNumbersAreSpacingUnits) {
  EXPECT_EQ(css_spacing(json(2))->text(), "calc(var(--ck-spacing) * 2)");
  EXPECT_EQ(css_spacing(json("8px"))->text(), "8px");
}

TEST(Css, ColoursAreTokensHexOrNames) {
  EXPECT_EQ(css_color(json("primary"))->text(), "var(--ck-color-primary)");
  EXPECT_EQ(css_color(json("surface-elevated"))->text(), "var(--ck-color-surface-elevated)");
  EXPECT_EQ(css_color(json("red-100"))->text(), "var(--ck-color-red-100)");
  EXPECT_EQ(css_color(json("#A0b1C2"))->text(), "#A0b1C2");
  EXPECT_EQ(css_color(json("rebeccapurple"))->text(), "rebeccapurple");
  EXPECT_EQ(css_color(json::parse(R"({"light":"#fff","dark":"#000"})"))->text(), "#fff");
  for (const char* bad : {"red;background:url(javascript:x)", "url(x)", "#ggg", "#12345", "rgb(1,2,3)", "Red Blue", "var(--x)"}) {
    EXPECT_FALSE(css_color(json(bad))) << bad;
  }
}

TEST(Css, BordersFlexAndRatios) {
  EXPECT_EQ(css_border(json(1))->text(), "1px solid");
  EXPECT_EQ(css_border(json::parse(R"({"size":2,"style":"dashed","color":"subtle"})"))->text(), "2px dashed var(--ck-color-subtle)");
  EXPECT_EQ(css_border(json::parse(R"J({"size":2,"style":"url(x)"})J"))->text(), "2px solid");
  EXPECT_FALSE(css_border(json("1px solid red")));
  EXPECT_EQ(css_flex(json("1 1 auto"))->text(), "1 1 auto");
  EXPECT_FALSE(css_flex(json("1;color:red")));
  EXPECT_EQ(css_ratio(json("16/9"))->text(), "16/9");
  EXPECT_FALSE(css_ratio(json("16/9;x")));
}

TEST(Css, StyleJoinsDeclarationsAndSkipsInvalidOnes) {
  Style style;
  style.add("width", css_length(json(10))).add("color", css_color(json("nope;"))).add_integer("--ck-max-lines", 3);
  EXPECT_EQ(style.build().text(), "width:10px;--ck-max-lines:3;");
}

TEST(ClassToken, KeepsPlainNamesOnly) {
  EXPECT_EQ(class_token("top left"), "top-left");
  EXPECT_EQ(class_token("100%"), "100pct");
  EXPECT_EQ(class_token("2XL"), "2xl");
  EXPECT_EQ(class_token("a\" onclick"), "");
  EXPECT_EQ(kebab("lineThrough"), "line-through");
  EXPECT_EQ(kebab("Table.Row"), "table-row");
  EXPECT_EQ(kebab("ListViewItem"), "list-view-item");
  EXPECT_EQ(kebab("user_message"), "user-message");
}

}  // namespace
}  // namespace chatkit::render

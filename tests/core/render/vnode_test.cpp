#include "core/render/vnode.hpp"

#include <gtest/gtest.h>

#include "dom_model.hpp"

namespace chatkit::render {
namespace {

TEST(VNode, OnlyAllowedAttributesAreKept) {
  Element element = el(Tag::div, "ck-x");
  for (const char* name : {"onclick", "onerror", "ONCLICK", "srcdoc", "formaction", "xlink:href", "data-foo", "data-ck-",
                           "data-ck-X", "aria-", "style", "class\" onclick=\"x", "src dir"}) {
    element.set(name, "v");
  }
  element.set("data-ck-item", "i").set("aria-label", "l").set("role", "note");
  EXPECT_EQ(testing::to_html(element), R"(<div class="ck-x" data-ck-item="i" aria-label="l" role="note"></div>)");
}

TEST(VNode, UrlsAreCheckedOnTheWayIn) {
  Element link = el(Tag::a).set("href", "javascript:alert(1)");
  EXPECT_EQ(link.attr("href"), nullptr);
  link.set("href", " https://example.com/a ");
  ASSERT_NE(link.attr("href"), nullptr);
  EXPECT_EQ(*link.attr("href"), "https://example.com/a");
  EXPECT_EQ(el(Tag::img).set("src", "data:text/html;base64,PHNjcmlwdD4=").attr("src"), nullptr);
}

TEST(VNode, TargetBringsRelAndIdsNeedThePrefix) {
  Element link = el(Tag::a).set("target", "_blank");
  ASSERT_NE(link.attr("rel"), nullptr);
  EXPECT_EQ(*link.attr("rel"), "noopener noreferrer");
  EXPECT_EQ(el(Tag::input).set("id", "location").attr("id"), nullptr);  // would clobber window.location
  EXPECT_NE(el(Tag::input).set("id", "ck-m-title").attr("id"), nullptr);
}

TEST(VNode, BooleanAttributesAreEmptyWhenSetAndAbsentOtherwise) {
  Element input = el(Tag::input).flag("checked", true).flag("disabled", false);
  EXPECT_EQ(testing::to_html(input), R"(<input checked="">)");
}

TEST(VNode, SettingAgainReplacesTheValueAndClassesAccumulate) {
  Element element = el(Tag::span, "a").add_class("b").set("title", "1").set("title", "2");
  EXPECT_EQ(testing::to_html(element), R"(<span class="a b" title="2"></span>)");
}

TEST(VNode, JsonFormOmitsEmptyParts) {
  Element element = el(Tag::p, "ck-md-p").with_key("m#0.0");
  element.append(Node("hi")).append(el(Tag::br));
  EXPECT_EQ(to_json(Node(element)), json::parse(R"({"tag":"p","key":"m#0.0","attrs":{"class":"ck-md-p"},
                                                     "children":["hi",{"tag":"br"}]})"));
  EXPECT_EQ(to_json(Node("text")), json("text"));
}

TEST(VNode, EqualityComparesTheWholeTree) {
  const Node a = el(Tag::p).append(Node("x"));
  const Node b = el(Tag::p).append(Node("x"));
  const Node c = el(Tag::p).append(Node("y"));
  EXPECT_EQ(a, b);
  EXPECT_FALSE(a == c);
  EXPECT_FALSE(a == Node(el(Tag::p).append(Node("x")).with_key("k")));
}

TEST(VNode, TextContentConcatenatesTextNodes) {
  const Node node = el(Tag::p).append(Node("a")).append(el(Tag::em).append(Node("b"))).append(Node("c"));
  EXPECT_EQ(text_content(node), "abc");
}

}  // namespace
}  // namespace chatkit::render

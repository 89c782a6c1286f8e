#include "core/render/widget.hpp"

#include <functional>
#include <sstream>

#include <gtest/gtest.h>

#include "core/render/sanitize.hpp"
#include "core/widget/catalogue.hpp"
#include "dom_model.hpp"
#include "support/fixtures.hpp"

namespace chatkit::render {
namespace {

bool has_class(const Element& element, std::string_view name) {
  const std::string* classes = element.attr("class");
  if (classes == nullptr) return false;
  std::istringstream words(*classes);
  std::string word;
  while (words >> word) {
    if (word == name) return true;
  }
  return false;
}

// The first element (pre-order) matching `match`, or nullptr.
const Element* find_element(const Node& node, const std::function<bool(const Element&)>& match) {
  const Element* element = node.element();
  if (element == nullptr) return nullptr;
  if (match(*element)) return element;
  for (const Node& child : element->children) {
    if (const Element* found = find_element(child, match)) return found;
  }
  return nullptr;
}

const Element* by_class(const Node& node, std::string_view name) {
  return find_element(node, [&](const Element& e) { return has_class(e, name); });
}

std::string attr(const Element* element, std::string_view name) {
  if (element == nullptr) return "<no element>";
  const std::string* value = element->attr(name);
  return value == nullptr ? "<absent>" : *value;
}

Node render(std::string_view widget) { return render_widget(json::parse(widget), "w"); }

TEST(WidgetRender, CardWithStatusChildrenAndActions) {
  const Node card = render(R"({"type":"Card","size":"md","padding":2,"background":"surface",
      "status":{"text":"Saved","icon":"check"},
      "confirm":{"label":"OK","action":{"type":"ok","payload":{"a":1}}},
      "cancel":{"label":"No","action":{"type":"no","handler":"client","loadingBehavior":"none","streaming":false}},
      "children":[{"type":"Text","id":"t","value":"Hi"}]})");
  const Element& root = *card.element();
  EXPECT_EQ(root.tag, Tag::div);
  EXPECT_TRUE(has_class(root, "ck-card") && has_class(root, "ck-size-md"));
  EXPECT_EQ(attr(&root, "style"), "background:var(--ck-color-surface);padding:calc(var(--ck-spacing) * 2);");
  ASSERT_EQ(root.children.size(), 3u);
  EXPECT_EQ(testing::to_html(root.children[0]),
            R"(<div class="ck-card-status"><span class="ck-icon" data-ck-icon="check" aria-hidden="true"></span><span>Saved</span></div>)");
  EXPECT_EQ(root.children[1].element()->key, "w/t");
  const Element* confirm = by_class(card, "ck-card-confirm");
  EXPECT_EQ(json::parse(attr(confirm, "data-ck-action")),
            json::parse(R"({"type":"ok","payload":{"a":1},"handler":"server","loadingBehavior":"auto","streaming":true})"));
  EXPECT_EQ(attr(confirm, "data-ck-item"), "w");
  EXPECT_EQ(attr(confirm, "data-ck-card-action"), "confirm");
  EXPECT_EQ(json::parse(attr(by_class(card, "ck-card-cancel"), "data-ck-action")),
            json::parse(R"({"type":"no","payload":null,"handler":"client","loadingBehavior":"none","streaming":false})"));
}

TEST(WidgetRender, CardAsFormAndFormAreFormElements) {
  const Node card = render(R"({"type":"Card","asForm":true,"children":[]})");
  EXPECT_EQ(card.element()->tag, Tag::form);
  EXPECT_EQ(attr(card.element(), "data-ck-form"), "");
  const Node form = render(R"({"type":"Card","children":[{"type":"Form","onSubmitAction":{"type":"add"},"children":[
      {"type":"Input","name":"todo.title","placeholder":"Title","required":true},
      {"type":"Button","label":"Add","submit":true}]}]})");
  const Element* f = by_class(form, "ck-form");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->tag, Tag::form);
  EXPECT_EQ(attr(f, "data-ck-form"), "");
  EXPECT_EQ(json::parse(attr(f, "data-ck-action"))["type"], "add");
  const Element* input = by_class(form, "ck-input");
  EXPECT_EQ(testing::to_html(*input),
            R"(<input name="todo.title" id="ck-w-todo.title" data-ck-item="w" type="text" placeholder="Title" required="" class="ck-input ck-required">)");
  EXPECT_EQ(attr(by_class(form, "ck-button"), "type"), "submit");
}

// A minimal valid instance of every catalogue component.
json minimal(std::string_view type) {
  static const json kRequired = json::parse(R"({
    "Card":{"children":[]}, "ListView":{"children":[]}, "ListViewItem":{"children":[]}, "Basic":{"children":[]},
    "Text":{"value":"t"}, "Title":{"value":"t"}, "Caption":{"value":"t"}, "Markdown":{"value":"*m*"},
    "Badge":{"label":"b"}, "Icon":{"name":"star"}, "Image":{"src":"https://x.io/i.png"},
    "Select":{"name":"s","options":[{"value":"a","label":"A"}]}, "DatePicker":{"name":"d"}, "Checkbox":{"name":"c"},
    "Input":{"name":"i"}, "Textarea":{"name":"t"}, "Label":{"value":"l","fieldName":"i"}, "RadioGroup":{"name":"r"},
    "Chart":{"data":[{"x":"a","y":1}],"series":[{"type":"bar","dataKey":"y"}],"xAxis":"x"},
    "Transition":{"children":{"type":"Text","value":"inner"}}})");
  json component = kRequired.contains(type) ? kRequired[std::string(type)] : json::object();
  component["type"] = type;
  return component;
}

TEST(WidgetRender, EveryCatalogueComponentRendersWithItsClass) {
  for (const widget::ComponentSpec& spec : widget::all_specs()) {
    SCOPED_TRACE(std::string(spec.type));
    const Node node = render_widget(minimal(spec.type), "w");
    ASSERT_NE(node.element(), nullptr);
    EXPECT_TRUE(has_class(*node.element(), "ck-" + kebab(spec.type))) << testing::to_html(node);
    EXPECT_FALSE(has_class(*node.element(), "ck-unknown"));
    EXPECT_EQ(testing::safety_violation(node), "");
  }
}

TEST(WidgetRender, KeysOnlyForUniqueIds) {
  const Node card = render(R"({"type":"Card","id":"root","children":[
      {"type":"Text","id":"a","value":"1"},{"type":"Text","id":"dup","value":"2"},{"type":"Text","id":"dup","value":"3"},
      {"type":"Text","value":"4"}]})");
  const Element& root = *card.element();
  EXPECT_EQ(root.key, "w/root");
  EXPECT_EQ(root.children[0].element()->key, "w/a");
  EXPECT_EQ(root.children[1].element()->key, "");
  EXPECT_EQ(root.children[2].element()->key, "");
  EXPECT_EQ(root.children[3].element()->key, "");
}

TEST(WidgetRender, UnknownComponentsWrapTheirChildren) {
  const Node node = render(R"({"type":"Card","children":[{"type":"Sparkles","id":"s","children":{"type":"Text","value":"x"}}]})");
  EXPECT_EQ(testing::to_html(node.element()->children[0]), R"(<div class="ck-unknown"><p class="ck-text">x</p></div>)");
  EXPECT_EQ(node.element()->children[0].element()->key, "w/s");
  EXPECT_EQ(testing::to_html(render_widget(json("not a widget"), "w")), R"(<div class="ck-unknown"></div>)");
}

TEST(WidgetRender, TextTitleCaptionMarkdownAndBadge) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Text","value":"v","weight":"bold","italic":true,"color":"secondary","maxLines":2,"size":"huge"})")),
            R"(<p class="ck-text ck-italic ck-weight-bold" style="--ck-max-lines:2;color:var(--ck-color-secondary);">v</p>)");
  EXPECT_EQ(testing::to_html(render(R"({"type":"Title","value":"T","size":"2xl"})")), R"(<h2 class="ck-title ck-size-2xl">T</h2>)");
  EXPECT_EQ(testing::to_html(render(R"({"type":"Caption","value":"c"})")), R"(<p class="ck-caption">c</p>)");
  EXPECT_EQ(testing::to_html(render(R"({"type":"Markdown","value":"**b**","streaming":true})")),
            R"(<div class="ck-markdown ck-streaming"><p class="ck-md-p"><strong>b</strong></p></div>)");
  EXPECT_EQ(testing::to_html(render(R"({"type":"Badge","label":"New","color":"success","pill":true})")),
            R"(<span class="ck-badge ck-color-success ck-pill">New</span>)");
}

TEST(WidgetRender, EditableTextIsAnInput) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Text","value":"Milk","editable":{"name":"title","placeholder":"Name","required":true}})")),
            R"(<input class="ck-editable ck-text" type="text" data-ck-item="w" name="title" id="ck-w-title" value="Milk" placeholder="Name" required="">)");
}

TEST(WidgetRender, ButtonWithIconsAndAction) {
  const Node button = render(R"({"type":"Button","label":"Go","iconStart":"sparkle","iconEnd":"not-an-icon","style":"primary",
      "disabled":true,"onClickAction":{"type":"go","payload":7}})");
  EXPECT_EQ(button.element()->tag, Tag::button);
  EXPECT_EQ(attr(button.element(), "type"), "button");
  EXPECT_EQ(attr(button.element(), "disabled"), "");
  EXPECT_TRUE(has_class(*button.element(), "ck-style-primary"));
  EXPECT_EQ(json::parse(attr(button.element(), "data-ck-action"))["payload"], 7);
  ASSERT_EQ(button.element()->children.size(), 2u);  // the unknown end icon is dropped
  EXPECT_EQ(attr(button.element()->children[0].element(), "data-ck-icon"), "sparkle");
}

TEST(WidgetRender, SelectOptionsDefaultAndPlaceholder) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Select","name":"p","placeholder":"Pick","defaultValue":"b",
      "onChangeAction":{"type":"pick"},"options":[{"value":"a","label":"A"},{"value":"b","label":"B","disabled":true}]})")),
            R"(<select name="p" id="ck-w-p" data-ck-item="w" data-ck-action="{&quot;handler&quot;:&quot;server&quot;,&quot;loadingBehavior&quot;:&quot;auto&quot;,&quot;payload&quot;:null,&quot;streaming&quot;:true,&quot;type&quot;:&quot;pick&quot;}" class="ck-select"><option value="">Pick</option><option value="a">A</option><option value="b" disabled="" selected="">B</option></select>)");
}

TEST(WidgetRender, AriaLabelNamesCheckboxesAndButtons) {
  for (const char* widget : {R"({"type":"Checkbox","name":"done","ariaLabel":"buy <milk>"})",
                             R"({"type":"Button","label":"🗑","ariaLabel":"buy <milk>"})"}) {
    const Node node = render(widget);
    const Element* named = find_element(node, [](const Element& e) { return e.attr("aria-label") != nullptr; });
    ASSERT_NE(named, nullptr) << widget;
    EXPECT_EQ(*named->attr("aria-label"), "buy <milk>");  // an attribute value: escaped by the DOM, not parsed
  }
}

TEST(WidgetRender, CheckboxRadioDateAndLabel) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Checkbox","name":"done","label":"Done","defaultChecked":true})")),
            R"(<label class="ck-checkbox ck-default-checked"><input name="done" id="ck-w-done" data-ck-item="w" type="checkbox" checked=""><span class="ck-checkbox-label">Done</span></label>)");
  EXPECT_EQ(testing::to_html(render(R"({"type":"RadioGroup","name":"r","defaultValue":"b","ariaLabel":"Pick",
      "options":[{"label":"A","value":"a","disabled":true},{"label":"B","value":"b"}]})")),
            R"(<div role="radiogroup" aria-label="Pick" class="ck-radio-group"><label class="ck-radio"><input type="radio" name="r" value="a" data-ck-item="w" disabled=""><span class="ck-radio-label">A</span></label><label class="ck-radio"><input type="radio" name="r" value="b" data-ck-item="w" checked=""><span class="ck-radio-label">B</span></label></div>)");
  const Node date = render(R"({"type":"DatePicker","name":"due","defaultValue":"2025-01-02T10:00:00Z","min":"bogus","max":"2026-12-31"})");
  EXPECT_EQ(attr(date.element(), "type"), "date");
  EXPECT_EQ(attr(date.element(), "value"), "2025-01-02");
  EXPECT_EQ(attr(date.element(), "min"), "<absent>");
  EXPECT_EQ(attr(date.element(), "max"), "2026-12-31");
  EXPECT_EQ(testing::to_html(render(R"({"type":"Label","value":"Due","fieldName":"due"})")),
            R"(<label for="ck-w-due" class="ck-label">Due</label>)");
}

TEST(WidgetRender, TextareaHoldsItsDefaultAsText) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Textarea","name":"n","defaultValue":"</textarea><script>","rows":3})")),
            R"(<textarea name="n" id="ck-w-n" data-ck-item="w" rows="3" class="ck-textarea">&lt;/textarea&gt;&lt;script&gt;</textarea>)");
}

TEST(WidgetRender, ListViewRowsAreActionableListItems) {
  const Node list = render(R"({"type":"ListView","limit":3,"children":[
      {"type":"ListViewItem","onClickAction":{"type":"open"},"children":[{"type":"Text","value":"row"}]}]})");
  EXPECT_EQ(attr(list.element(), "role"), "list");
  EXPECT_EQ(attr(list.element(), "data-ck-limit"), "3");
  const Element* row = by_class(list, "ck-list-view-item");
  EXPECT_EQ(attr(row, "role"), "listitem");
  EXPECT_EQ(attr(row, "tabindex"), "0");
  EXPECT_EQ(json::parse(attr(row, "data-ck-action"))["type"], "open");
}

TEST(WidgetRender, LayoutPropsBecomeClassesAndStyle) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Row","gap":2,"align":"center","justify":"between","wrap":"wrap",
      "padding":{"x":1,"top":"4px"},"border":{"bottom":{"size":1,"color":"subtle"}},"radius":"md","width":"50%",
      "minHeight":40,"flex":1,"aspectRatio":"16/9","children":[]})")),
            R"(<div class="ck-row ck-align-center ck-justify-between ck-radius-md ck-wrap-wrap" style="aspect-ratio:16/9;border-bottom:1px solid var(--ck-color-subtle);flex:1;gap:calc(var(--ck-spacing) * 2);min-height:40px;padding-top:4px;padding-left:calc(var(--ck-spacing) * 1);padding-right:calc(var(--ck-spacing) * 1);width:50%;"></div>)");
  EXPECT_EQ(testing::to_html(render(R"({"type":"Divider","size":2,"spacing":3,"color":"danger","flush":true})")),
            R"(<hr class="ck-divider ck-flush" style="border-top-width:2px;margin-block:calc(var(--ck-spacing) * 3);border-color:var(--ck-color-danger);">)");
}

TEST(WidgetRender, ImagesAndIconsAreChecked) {
  EXPECT_EQ(testing::to_html(render(R"J({"type":"Image","src":"javascript:alert(1)","alt":"x","fit":"cover","size":48})J")),
            R"(<img alt="x" class="ck-image ck-fit-cover" style="width:48px;height:48px;">)");
  EXPECT_EQ(testing::to_html(render(R"({"type":"Icon","name":"\" onmouseover=\"x"})")), R"(<span aria-hidden="true" class="ck-icon"></span>)");
}

TEST(WidgetRender, ChartIsATableOfItsData) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Chart","xAxis":{"dataKey":"m","labels":{"jan":"January"}},
      "series":[{"type":"bar","dataKey":"sales","label":"Sales"},{"type":"line","dataKey":"cost"}],
      "data":[{"m":"jan","sales":3,"cost":1.5},{"m":"feb","sales":"n/a"}]})")),
            R"(<div role="figure" class="ck-chart"><table class="ck-chart-data"><thead><tr><th>m</th><th>Sales</th><th>cost</th></tr></thead><tbody><tr><td>January</td><td>3</td><td>1.5</td></tr><tr><td>feb</td><td>n/a</td><td></td></tr></tbody></table></div>)");
}

TEST(WidgetRender, TableRowsAndCells) {
  EXPECT_EQ(testing::to_html(render(R"({"type":"Table","children":[{"type":"Table.Row","header":true,"children":[
      {"type":"Table.Cell","colSpan":2,"align":"end","children":[{"type":"Text","value":"h"}]}]}]})")),
            R"(<table class="ck-table"><tbody><tr class="ck-table-row ck-header"><td colspan="2" class="ck-table-cell ck-align-end"><p class="ck-text">h</p></td></tr></tbody></table>)");
}

TEST(WidgetRender, EveryWidgetFixtureRendersSafely) {
  const auto cases = testing::list_dirs("widgets");
  ASSERT_GE(cases.size(), 40u);
  for (const auto& dir : cases) {
    for (const char* file : {"before.json", "after.json"}) {
      const Node node = render_widget(testing::read_json(dir / file), "msg_1");
      EXPECT_EQ(testing::safety_violation(node), "") << dir << "/" << file;
    }
  }
}

}  // namespace
}  // namespace chatkit::render

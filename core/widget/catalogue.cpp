#include "core/widget/catalogue.hpp"

#include <array>

namespace chatkit::widget {
namespace {

using V = std::string_view;
constexpr Need req = Need::required;

// ---- Enumerations (§5.2, §5.3, §5.5) --------------------------------------------------------
constexpr V kRadius[] = {"2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "full", "100%", "none"};
constexpr V kTextAlign[] = {"start", "center", "end"};
constexpr V kTextSize[] = {"xs", "sm", "md", "lg", "xl"};
constexpr V kIconSize[] = {"xs", "sm", "md", "lg", "xl", "2xl", "3xl"};
constexpr V kTitleSize[] = {"sm", "md", "lg", "xl", "2xl", "3xl", "4xl", "5xl"};
constexpr V kCaptionSize[] = {"sm", "md", "lg"};
constexpr V kAlignment[] = {"start", "center", "end", "baseline", "stretch"};
constexpr V kJustification[] = {"start", "center", "end", "between", "around", "evenly", "stretch"};
constexpr V kControlVariant[] = {"solid", "soft", "outline", "ghost"};
constexpr V kControlSize[] = {"3xs", "2xs", "xs", "sm", "md", "lg", "xl", "2xl", "3xl"};
constexpr V kFontWeight[] = {"normal", "medium", "semibold", "bold"};
constexpr V kTheme[] = {"light", "dark"};
constexpr V kDirection[] = {"row", "col"};
constexpr V kWrap[] = {"nowrap", "wrap", "wrap-reverse"};
constexpr V kCardSize[] = {"sm", "md", "lg", "full"};
constexpr V kBorderStyle[] = {"solid", "dashed", "dotted", "double", "groove", "ridge", "inset", "outset"};
constexpr V kHandler[] = {"server", "client"};
constexpr V kLoadingBehavior[] = {"auto", "none", "self", "container"};
constexpr V kBadgeColor[] = {"secondary", "success", "danger", "warning", "info", "discovery"};
constexpr V kBadgeVariant[] = {"solid", "soft", "outline"};
constexpr V kButtonStyle[] = {"primary", "secondary"};
constexpr V kButtonIconSize[] = {"sm", "md", "lg", "xl", "2xl"};
constexpr V kButtonColor[] = {"primary", "secondary", "info", "discovery", "success", "caution", "warning", "danger"};
constexpr V kImageFit[] = {"cover", "contain", "fill", "scale-down", "none"};
constexpr V kImagePosition[] = {"top left", "top",         "top right", "left",        "center",
                                "right",    "bottom left", "bottom",    "bottom right"};
constexpr V kSide[] = {"top", "bottom", "left", "right"};
constexpr V kInputType[] = {"number", "email", "text", "password", "tel", "url"};
constexpr V kFieldVariant[] = {"soft", "outline"};
constexpr V kGutterSize[] = {"2xs", "xs", "sm", "md", "lg", "xl"};
constexpr V kCurveType[] = {"basis",     "basisClosed", "basisOpen",    "bumpX",      "bumpY",
                            "bump",      "linear",      "linearClosed", "natural",    "monotoneX",
                            "monotoneY", "monotone",    "step",         "stepBefore", "stepAfter"};
constexpr V kColSize[] = {"xs", "sm", "md", "lg", "xl"};
constexpr V kBadgeSize[] = {"sm", "md", "lg"};
constexpr V kAxisAlign[] = {"start", "center", "end"};  // DatePicker.align, Table.Cell align/vAlign

// ---- Shared value types ---------------------------------------------------------------------
constexpr PropSpec kThemeColor[] = {{"light", Kind::string, req}, {"dark", Kind::string, req}};
constexpr PropSpec kSpacing[] = {{"top", Kind::number_or_string},    {"right", Kind::number_or_string},
                                 {"bottom", Kind::number_or_string}, {"left", Kind::number_or_string},
                                 {"x", Kind::number_or_string},      {"y", Kind::number_or_string}};
constexpr PropSpec kBorder[] = {
    {"size", Kind::number, req}, {"color", Kind::color}, {"style", Kind::enumeration, {}, kBorderStyle}};
constexpr PropSpec kBorders[] = {{"top", Kind::border_edge},    {"right", Kind::border_edge},
                                 {"bottom", Kind::border_edge}, {"left", Kind::border_edge},
                                 {"x", Kind::border_edge},      {"y", Kind::border_edge}};
// The favicon and icon variants merged: `text` is the only required field of either.
constexpr PropSpec kWidgetStatus[] = {
    {"text", Kind::string, req}, {"favicon", Kind::string}, {"frame", Kind::boolean}, {"icon", Kind::icon}};
constexpr PropSpec kActionConfig[] = {{"type", Kind::string, req},
                                      {"payload", Kind::any},
                                      {"handler", Kind::enumeration, {}, kHandler},
                                      {"loadingBehavior", Kind::enumeration, {}, kLoadingBehavior},
                                      {"streaming", Kind::boolean}};
constexpr PropSpec kCardAction[] = {{"label", Kind::string, req}, {"action", Kind::action, req}};
constexpr PropSpec kEditable[] = {{"name", Kind::string, req},
                                  {"autoFocus", Kind::boolean},
                                  {"autoSelect", Kind::boolean},
                                  {"autoComplete", Kind::string},
                                  {"allowAutofillExtensions", Kind::boolean},
                                  {"pattern", Kind::string},
                                  {"placeholder", Kind::string},
                                  {"required", Kind::boolean}};
constexpr PropSpec kSelectOption[] = {{"value", Kind::string, req},
                                      {"label", Kind::string, req},
                                      {"disabled", Kind::boolean},
                                      {"description", Kind::string}};
constexpr PropSpec kRadioOption[] = {
    {"label", Kind::string, req}, {"value", Kind::string, req}, {"disabled", Kind::boolean}};
constexpr PropSpec kXAxis[] = {{"dataKey", Kind::string, req}, {"hide", Kind::boolean}, {"labels", Kind::string_map}};
constexpr PropSpec kBarSeries[] = {
    {"label", Kind::string}, {"dataKey", Kind::string, req}, {"stack", Kind::string}, {"color", Kind::color}};
constexpr PropSpec kAreaSeries[] = {{"label", Kind::string},
                                    {"dataKey", Kind::string, req},
                                    {"stack", Kind::string},
                                    {"color", Kind::color},
                                    {"curveType", Kind::enumeration, {}, kCurveType}};
constexpr PropSpec kLineSeries[] = {{"label", Kind::string},
                                    {"dataKey", Kind::string, req},
                                    {"color", Kind::color},
                                    {"curveType", Kind::enumeration, {}, kCurveType}};

// ---- Prop groups shared by several components -----------------------------------------------
constexpr PropSpec kCommon[] = {{"id", Kind::string}, {"key", Kind::string}};

constexpr PropSpec kMinMax[] = {{"minHeight", Kind::number_or_string}, {"minWidth", Kind::number_or_string},
                                {"minSize", Kind::number_or_string},   {"maxHeight", Kind::number_or_string},
                                {"maxWidth", Kind::number_or_string},  {"maxSize", Kind::number_or_string}};
// Image and Chart take whole px for their own size; boxes take any number.
constexpr PropSpec kBlockSize[] = {
    {"height", Kind::number_or_string}, {"width", Kind::number_or_string}, {"size", Kind::number_or_string}};

// Box, Row, Col and Form.
constexpr PropSpec kBoxFamily[] = {
    {"children", Kind::children},
    {"align", Kind::enumeration, {}, kAlignment},
    {"justify", Kind::enumeration, {}, kJustification},
    {"wrap", Kind::enumeration, {}, kWrap},
    {"flex", Kind::number_or_string},
    {"gap", Kind::number_or_string},
    {"height", Kind::number_or_string},
    {"width", Kind::number_or_string},
    {"size", Kind::number_or_string},
    {"padding", Kind::spacing},
    {"margin", Kind::spacing},
    {"border", Kind::border},
    {"radius", Kind::enumeration, {}, kRadius},
    {"background", Kind::color},
    {"aspectRatio", Kind::number_or_string},
};
constexpr PropSpec kFlexDirection[] = {{"direction", Kind::enumeration, {}, kDirection}};

// Text, Title and Caption (each adds its own `size`).
constexpr PropSpec kTextStyle[] = {{"value", Kind::string, req},
                                   {"color", Kind::color},
                                   {"weight", Kind::enumeration, {}, kFontWeight},
                                   {"textAlign", Kind::enumeration, {}, kTextAlign},
                                   {"truncate", Kind::boolean},
                                   {"maxLines", Kind::number}};

// Every named control (§5.4).
constexpr PropSpec kNamed[] = {{"name", Kind::string, req}, {"disabled", Kind::boolean}};
// Select and DatePicker.
constexpr PropSpec kPicker[] = {{"onChangeAction", Kind::action},
                                {"placeholder", Kind::string},
                                {"variant", Kind::enumeration, {}, kControlVariant},
                                {"size", Kind::enumeration, {}, kControlSize},
                                {"pill", Kind::boolean},
                                {"block", Kind::boolean},
                                {"clearable", Kind::boolean}};
// Input and Textarea.
constexpr PropSpec kTextField[] = {{"defaultValue", Kind::string},
                                   {"required", Kind::boolean},
                                   {"pattern", Kind::string},
                                   {"placeholder", Kind::string},
                                   {"allowAutofillExtensions", Kind::boolean},
                                   {"autoSelect", Kind::boolean},
                                   {"autoFocus", Kind::boolean},
                                   {"variant", Kind::enumeration, {}, kFieldVariant},
                                   {"size", Kind::enumeration, {}, kControlSize},
                                   {"gutterSize", Kind::enumeration, {}, kGutterSize}};

// ---- Component-specific props (§5.5) --------------------------------------------------------
constexpr PropSpec kCard[] = {
    {"children", Kind::children, req}, {"asForm", Kind::boolean},
    {"background", Kind::color},       {"size", Kind::enumeration, {}, kCardSize},
    {"padding", Kind::spacing},        {"status", Kind::widget_status},
    {"collapsed", Kind::boolean},      {"confirm", Kind::card_action},
    {"cancel", Kind::card_action},     {"theme", Kind::enumeration, {}, kTheme},
    {"border", Kind::border},  // JS 1.7.0 only
};
constexpr PropSpec kListView[] = {{"children", Kind::children, req},
                                  {"limit", Kind::number_or_auto},
                                  {"status", Kind::widget_status},
                                  {"theme", Kind::enumeration, {}, kTheme}};
constexpr PropSpec kListViewItem[] = {{"children", Kind::children, req},
                                      {"onClickAction", Kind::action},
                                      {"gap", Kind::number_or_string},
                                      {"align", Kind::enumeration, {}, kAlignment}};
constexpr PropSpec kBasic[] = {{"children", Kind::children, req},
                               {"theme", Kind::enumeration, {}, kTheme},
                               {"direction", Kind::enumeration, {}, kDirection},
                               {"gap", Kind::number_or_string},
                               {"padding", Kind::spacing},
                               {"align", Kind::enumeration, {}, kAlignment},
                               {"justify", Kind::enumeration, {}, kJustification}};
constexpr PropSpec kForm[] = {{"onSubmitAction", Kind::action}};
constexpr PropSpec kText[] = {{"streaming", Kind::boolean},
                              {"italic", Kind::boolean},
                              {"lineThrough", Kind::boolean},
                              {"width", Kind::number_or_string},
                              {"size", Kind::enumeration, {}, kTextSize},
                              {"minLines", Kind::number},
                              {"editable", Kind::editable}};
constexpr PropSpec kTitle[] = {{"size", Kind::enumeration, {}, kTitleSize}};
constexpr PropSpec kCaption[] = {{"size", Kind::enumeration, {}, kCaptionSize}};
constexpr PropSpec kMarkdown[] = {{"value", Kind::string, req}, {"streaming", Kind::boolean}};
constexpr PropSpec kBadge[] = {{"label", Kind::string, req},
                               {"color", Kind::enumeration, {}, kBadgeColor},
                               {"variant", Kind::enumeration, {}, kBadgeVariant},
                               {"size", Kind::enumeration, {}, kBadgeSize},
                               {"pill", Kind::boolean}};
constexpr PropSpec kButton[] = {
    {"submit", Kind::boolean},
    {"label", Kind::string},
    {"onClickAction", Kind::action},
    {"iconStart", Kind::icon},
    {"iconEnd", Kind::icon},
    {"style", Kind::enumeration, {}, kButtonStyle},
    {"iconSize", Kind::enumeration, {}, kButtonIconSize},
    {"color", Kind::enumeration, {}, kButtonColor},
    {"variant", Kind::enumeration, {}, kControlVariant},
    {"size", Kind::enumeration, {}, kControlSize},
    {"pill", Kind::boolean},
    {"uniform", Kind::boolean},
    {"block", Kind::boolean},
    {"disabled", Kind::boolean},
};
constexpr PropSpec kDivider[] = {{"color", Kind::color},
                                 {"size", Kind::number_or_string},
                                 {"spacing", Kind::number_or_string},
                                 {"flush", Kind::boolean}};
constexpr PropSpec kSpacer[] = {{"minSize", Kind::number_or_string}};
constexpr PropSpec kIcon[] = {
    {"name", Kind::icon, req}, {"color", Kind::color}, {"size", Kind::enumeration, {}, kIconSize}};
constexpr PropSpec kImage[] = {
    {"src", Kind::string, req},
    {"alt", Kind::string},
    {"fit", Kind::enumeration, {}, kImageFit},
    {"position", Kind::enumeration, {}, kImagePosition},
    {"radius", Kind::enumeration, {}, kRadius},
    {"frame", Kind::boolean},
    {"flush", Kind::boolean},
    {"margin", Kind::spacing},
    {"background", Kind::color},  // Python only
    {"aspectRatio", Kind::number_or_string},
    {"flex", Kind::number_or_string},  // Python only
};
constexpr PropSpec kSelect[] = {{"options", Kind::select_options, req},
                                {"defaultValue", Kind::string},
                                {"searchable", Kind::boolean}};  // Python only
constexpr PropSpec kDatePicker[] = {{"defaultValue", Kind::string},
                                    {"min", Kind::string},
                                    {"max", Kind::string},
                                    {"side", Kind::enumeration, {}, kSide},
                                    {"align", Kind::enumeration, {}, kAxisAlign}};
constexpr PropSpec kCheckbox[] = {{"label", Kind::string},
                                  {"defaultChecked", Kind::boolean},
                                  {"onChangeAction", Kind::action},
                                  {"required", Kind::boolean}};
constexpr PropSpec kInput[] = {{"inputType", Kind::enumeration, {}, kInputType}, {"pill", Kind::boolean}};
constexpr PropSpec kTextarea[] = {{"rows", Kind::number}, {"autoResize", Kind::boolean}, {"maxRows", Kind::number}};
constexpr PropSpec kLabel[] = {{"value", Kind::string, req},
                               {"fieldName", Kind::string, req},
                               {"size", Kind::enumeration, {}, kTextSize},
                               {"weight", Kind::enumeration, {}, kFontWeight},
                               {"textAlign", Kind::enumeration, {}, kTextAlign},
                               {"color", Kind::color}};
constexpr PropSpec kRadioGroup[] = {{"options", Kind::radio_options},
                                    {"ariaLabel", Kind::string},
                                    {"onChangeAction", Kind::action},
                                    {"defaultValue", Kind::string},
                                    {"direction", Kind::enumeration, {}, kDirection},
                                    {"required", Kind::boolean}};
// Optional: the reference serializer keeps `children: null`.
constexpr PropSpec kTransition[] = {{"children", Kind::child}};
constexpr PropSpec kChart[] = {
    {"data", Kind::chart_data, req},    {"series", Kind::chart_series, req},
    {"xAxis", Kind::chart_x_axis, req}, {"showYAxis", Kind::boolean},
    {"showLegend", Kind::boolean},      {"showTooltip", Kind::boolean},
    {"barGap", Kind::number},          {"barCategoryGap", Kind::number},
    {"flex", Kind::number_or_string},  {"aspectRatio", Kind::number_or_string},
};
constexpr PropSpec kTable[] = {{"children", Kind::children}};
constexpr PropSpec kTableRow[] = {{"children", Kind::children}, {"header", Kind::boolean}};
constexpr PropSpec kTableCell[] = {{"children", Kind::children},
                                   {"width", Kind::number_or_string},
                                   {"padding", Kind::spacing_object},
                                   {"colSpan", Kind::number},
                                   {"rowSpan", Kind::number},
                                   {"align", Kind::enumeration, {}, kAxisAlign},
                                   {"vAlign", Kind::enumeration, {}, kAxisAlign},
                                   {"colSize", Kind::enumeration, {}, kColSize}};

// ---- Components: their prop groups, placement and form-value kind ---------------------------
constexpr Props gCard[] = {kCommon, kCard};
constexpr Props gListView[] = {kCommon, kListView};
constexpr Props gListViewItem[] = {kCommon, kListViewItem};
constexpr Props gBasic[] = {kCommon, kBasic};
constexpr Props gBox[] = {kCommon, kBoxFamily, kMinMax, kFlexDirection};
constexpr Props gRowCol[] = {kCommon, kBoxFamily, kMinMax};
constexpr Props gForm[] = {kCommon, kBoxFamily, kMinMax, kFlexDirection, kForm};
constexpr Props gText[] = {kCommon, kTextStyle, kText};
constexpr Props gTitle[] = {kCommon, kTextStyle, kTitle};
constexpr Props gCaption[] = {kCommon, kTextStyle, kCaption};
constexpr Props gMarkdown[] = {kCommon, kMarkdown};
constexpr Props gBadge[] = {kCommon, kBadge};
constexpr Props gButton[] = {kCommon, kButton};
constexpr Props gDivider[] = {kCommon, kDivider};
constexpr Props gSpacer[] = {kCommon, kSpacer};
constexpr Props gIcon[] = {kCommon, kIcon};
constexpr Props gImage[] = {kCommon, kImage, kBlockSize, kMinMax};
constexpr Props gSelect[] = {kCommon, kNamed, kPicker, kSelect};
constexpr Props gDatePicker[] = {kCommon, kNamed, kPicker, kDatePicker};
constexpr Props gCheckbox[] = {kCommon, kNamed, kCheckbox};
constexpr Props gInput[] = {kCommon, kNamed, kTextField, kInput};
constexpr Props gTextarea[] = {kCommon, kNamed, kTextField, kTextarea};
constexpr Props gLabel[] = {kCommon, kLabel};
constexpr Props gRadioGroup[] = {kCommon, kNamed, kRadioGroup};
constexpr Props gTransition[] = {kCommon, kTransition};
constexpr Props gChart[] = {kCommon, kChart, kBlockSize, kMinMax};
constexpr Props gTable[] = {kCommon, kTable};
constexpr Props gTableRow[] = {kCommon, kTableRow};
constexpr Props gTableCell[] = {kCommon, kTableCell};

constexpr PropSpec kDynamic[] = {{"children", Kind::dynamic_children}};
constexpr Props gDynamic[] = {kCommon, kDynamic};

constexpr Placement kRoot = {.root = true};

constexpr ComponentSpec kComponents[] = {
    {"Card", gCard, kRoot},
    {"ListView", gListView, {.root = true, .only_child = "ListViewItem"}},
    {"ListViewItem", gListViewItem, {.only_parent = "ListView"}},
    {"Basic", gBasic, {.root = true, .holds_roots = true}},
    {"Box", gBox},
    {"Row", gRowCol},
    {"Col", gRowCol},
    {"Form", gForm},
    {"Text", gText, {}, Control::editable_text},
    {"Title", gTitle},
    {"Caption", gCaption},
    {"Markdown", gMarkdown},
    {"Badge", gBadge},
    {"Button", gButton},
    {"Divider", gDivider},
    {"Spacer", gSpacer},
    {"Icon", gIcon},
    {"Image", gImage},
    {"Select", gSelect, {}, Control::select},
    {"DatePicker", gDatePicker, {}, Control::date_picker},
    {"Checkbox", gCheckbox, {}, Control::checkbox},
    {"Input", gInput, {}, Control::input},
    {"Textarea", gTextarea, {}, Control::textarea},
    {"Label", gLabel},
    {"RadioGroup", gRadioGroup, {}, Control::radio_group},
    {"Transition", gTransition},
    {"Chart", gChart},
    {"Table", gTable, {.only_child = "Table.Row"}},
    {"Table.Row", gTableRow, {.only_child = "Table.Cell", .only_parent = "Table"}},
    {"Table.Cell", gTableCell, {.only_parent = "Table.Row"}},
};

struct ShapeEntry {
  Shape shape;
  std::string_view name;
  Props fields;
};

// Indexed by Shape (checked below).
constexpr ShapeEntry kShapes[] = {
    {Shape::theme_color, "ThemeColor", kThemeColor},
    {Shape::spacing, "Spacing", kSpacing},
    {Shape::border, "Border", kBorder},
    {Shape::borders, "Borders", kBorders},
    {Shape::widget_status, "WidgetStatus", kWidgetStatus},
    {Shape::action_config, "ActionConfig", kActionConfig},
    {Shape::card_action, "CardAction", kCardAction},
    {Shape::editable, "EditableProps", kEditable},
    {Shape::select_option, "SelectOption", kSelectOption},
    {Shape::radio_option, "RadioOption", kRadioOption},
    {Shape::x_axis, "XAxis", kXAxis},
    {Shape::bar_series, "BarSeries", kBarSeries},
    {Shape::area_series, "AreaSeries", kAreaSeries},
    {Shape::line_series, "LineSeries", kLineSeries},
};

constexpr bool shapes_indexed_by_shape() {
  for (std::size_t i = 0; i < std::size(kShapes); ++i) {
    if (static_cast<std::size_t>(kShapes[i].shape) != i) return false;
  }
  return std::size(kShapes) == static_cast<std::size_t>(Shape::line_series) + 1;
}
static_assert(shapes_indexed_by_shape());

}  // namespace

std::string_view shape_name(Shape shape) { return kShapes[static_cast<std::size_t>(shape)].name; }
Props shape_fields(Shape shape) { return kShapes[static_cast<std::size_t>(shape)].fields; }

const ComponentSpec* find_spec(std::string_view type) {
  for (const ComponentSpec& spec : kComponents) {
    if (spec.type == type) return &spec;
  }
  return nullptr;
}

bool is_root_type(std::string_view type) {
  const ComponentSpec* spec = find_spec(type);
  return spec != nullptr && spec->placement.root;
}

std::span<const ComponentSpec> all_specs() { return kComponents; }

const ComponentSpec& dynamic_spec() {
  static constexpr ComponentSpec kDynamicSpec = {"", gDynamic};
  return kDynamicSpec;
}

const PropSpec* find_field(Props fields, std::string_view name) {
  for (const PropSpec& prop : fields) {
    if (prop.name == name) return &prop;
  }
  return nullptr;
}

const PropSpec* find_prop(const ComponentSpec& spec, std::string_view name) {
  for (Props group : spec.props) {
    if (const PropSpec* prop = find_field(group, name)) return prop;
  }
  return nullptr;
}

}  // namespace chatkit::widget

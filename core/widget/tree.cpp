#include "core/widget/tree.hpp"

namespace chatkit::widget {

namespace {

// Pre-order walk shared by the const and mutable lookups; `visit` returns true to stop. `path` is
// maintained only when given: id lookups and censuses run on every update and skip it.
template <class Json, class Visit>
bool walk(Json& node, std::string* path, const Visit& visit) {
  if (!is_component(node)) return false;
  if (visit(node, path)) return true;
  auto children = node.find("children");
  if (children == node.end()) return false;
  const std::size_t mark = path ? path->size() : 0;
  bool stop = false;
  if (children->is_array()) {
    for (std::size_t i = 0; i < children->size() && !stop; ++i) {
      if (path) *path += ".children[" + std::to_string(i) + "]";
      stop = walk((*children)[i], path, visit);
      if (path) path->resize(mark);
    }
  } else {
    // A single child object (Transition).
    if (path) *path += ".children";
    stop = walk(*children, path, visit);
    if (path) path->resize(mark);
  }
  return stop;
}

template <class Json>
Json* find_by_id(Json& root, std::string_view id) {
  Json* found = nullptr;
  walk(root, static_cast<std::string*>(nullptr), [&](Json& component, const std::string*) {
    auto it = component.find("id");
    if (it == component.end() || !it->is_string() || it->template get_ref<const std::string&>() != id) return false;
    found = &component;
    return true;
  });
  return found;
}

}  // namespace

bool is_component(const json& value) {
  if (!value.is_object()) return false;
  auto type = value.find("type");
  return type != value.end() && type->is_string();
}

void for_each_component(const json& root,
                        const std::function<void(const json& component, const std::string& path)>& visit) {
  std::string path = "$";
  walk(root, &path, [&](const json& component, const std::string* at) {
    visit(component, *at);
    return false;
  });
}

void for_each_component(const json& root, const std::function<void(const json& component)>& visit) {
  walk(root, static_cast<std::string*>(nullptr), [&](const json& component, const std::string*) {
    visit(component);
    return false;
  });
}

json* find_component(json& root, std::string_view id) { return find_by_id(root, id); }

const json* find_component(const json& root, std::string_view id) { return find_by_id(root, id); }

}  // namespace chatkit::widget

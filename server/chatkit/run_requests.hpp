#pragma once
// What a run's tools ask the use case to do once the reply is written: the seed's `_show_*` flags
// on the agent context, made type-safe. A use case declares one small type per request
// (`struct ShowTodoCard {};`), its tools call `turn.requests.add(ShowTodoCard{})`, and its
// after_respond hook asks `turn.requests.find<ShowTodoCard>()`. A misspelt flag does not compile.
#include <any>
#include <typeindex>
#include <unordered_map>

namespace chatkit::server {

class RunRequests {
 public:
  // Records a request; a later one of the same type replaces it.
  template <class Request>
  void add(Request request) {
    requests_[std::type_index(typeid(Request))] = std::move(request);
  }
  // The request of that type, or null when no tool made one during this run.
  template <class Request>
  const Request* find() const {
    const auto found = requests_.find(std::type_index(typeid(Request)));
    return found == requests_.end() ? nullptr : std::any_cast<Request>(&found->second);
  }
  template <class Request>
  bool has() const {
    return find<Request>() != nullptr;
  }

 private:
  std::unordered_map<std::type_index, std::any> requests_;
};

}  // namespace chatkit::server

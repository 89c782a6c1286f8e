#include "use_cases/registry.hpp"

#include "use_cases/chat/chat_use_case.hpp"
#include "use_cases/returns/returns_use_case.hpp"
#include "use_cases/todo/todo_use_case.hpp"

namespace chatkit::use_cases {

namespace {

Result<std::unique_ptr<server::UseCase>> make_chat(const UseCaseSettings&) {
  return std::unique_ptr<server::UseCase>(std::make_unique<ChatUseCase>());
}

Result<std::unique_ptr<server::UseCase>> make_todo(const UseCaseSettings& settings) {
  auto store = TodoStore::open(settings.tables());
  if (!store) return store.error();
  return std::unique_ptr<server::UseCase>(std::make_unique<TodoUseCase>(std::move(*store)));
}

Result<std::unique_ptr<server::UseCase>> make_returns(const UseCaseSettings& settings) {
  auto store = ReturnsStore::open(settings.tables());
  if (!store) return store.error();
  auto cards = returns::ReturnsCards::load();
  if (!cards) return cards.error();
  return std::unique_ptr<server::UseCase>(std::make_unique<ReturnsUseCase>(std::move(*store), std::move(*cards)));
}

}  // namespace

const std::vector<RegisteredUseCase>& registered_use_cases() {
  static const std::vector<RegisteredUseCase> registry = {
      {.name = "chat", .make = make_chat},
      {.name = "todo", .make = make_todo},
      {.name = "returns", .make = make_returns},
  };
  return registry;
}

const RegisteredUseCase* find_use_case(std::string_view name) {
  for (const auto& entry : registered_use_cases()) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

Result<std::unique_ptr<server::UseCase>> make_use_case(std::string_view name, const UseCaseSettings& settings) {
  if (const auto* entry = find_use_case(name)) return entry->make(settings);
  std::string names;
  for (const auto& entry : registered_use_cases()) names += (names.empty() ? "" : ", ") + std::string(entry.name);
  return make_error(ErrorCode::invalid_request, "'" + std::string(name) + "' is not registered (use cases: " + names + ")");
}

}  // namespace chatkit::use_cases

#pragma once
// Small type-level helpers for std::variant.
#include <type_traits>
#include <variant>

namespace chatkit {

template <class A, class B>
struct VariantCatImpl;
template <class... A, class... B>
struct VariantCatImpl<std::variant<A...>, std::variant<B...>> {
  using type = std::variant<A..., B...>;
};
template <class A, class B>
using VariantCat = typename VariantCatImpl<A, B>::type;

template <class V, class T>
struct VariantHasImpl;
template <class... A, class T>
struct VariantHasImpl<std::variant<A...>, T> : std::bool_constant<(std::is_same_v<A, T> || ...)> {};
template <class V, class T>
inline constexpr bool VariantHas = VariantHasImpl<V, T>::value;

// overloaded{lambda...} for std::visit.
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace chatkit

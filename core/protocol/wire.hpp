#pragma once
// The light hooks that protocol headers need to describe their types to the codec (codec.hpp),
// without pulling the codec templates into every translation unit.
#include <array>
#include <string_view>

#include <nlohmann/json.hpp>

namespace chatkit {
using json = nlohmann::json;
}

namespace chatkit::codec {

class Path;
struct WriteOptions;

// Enum names: specialise with `static constexpr std::array<std::string_view, N> values`, in
// enumerator order (enumerators must be 0..N-1).
template <class T>
struct EnumNames;

// Custom codecs for types that are not described structs (timestamps, widgets, untagged unions).
// A specialisation sets kCustom = true and declares
//   static void read(const json&, T&, const Path&);  static json write(const T&, const WriteOptions&);
// read() reports a problem with codec::fail (or fail_kind) and returns; it never throws.
template <class T>
struct Codec {
  static constexpr bool kCustom = false;
};

}  // namespace chatkit::codec

// Declares a custom codec for T (defined in a .cpp file).
#define CHATKIT_CUSTOM_CODEC(T)                                                   \
  template <>                                                                     \
  struct chatkit::codec::Codec<T> {                                               \
    static constexpr bool kCustom = true;                                         \
    static void read(const json& j, T& out, const Path& path);                    \
    static json write(const T& value, const WriteOptions& options);               \
  }

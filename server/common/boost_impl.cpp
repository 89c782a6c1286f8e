// Asio and Beast compiled once (BOOST_{ASIO,BEAST}_SEPARATE_COMPILATION): every other translation
// unit includes only their declarations, which keeps the build lean (TOOLCHAIN.md).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>

#include "random/random.h"

#include <random>

namespace router {

namespace {

std::mt19937_64& generator() {
    thread_local std::mt19937_64 engine{[] {
        std::random_device device;
        std::seed_seq seed{device(), device(), device(), device()};
        return std::mt19937_64(seed);
    }()};
    return engine;
}

template <typename Source> std::string hex(std::size_t bytes, Source& source) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    text.reserve(bytes * 2);
    std::uniform_int_distribution<unsigned> byte(0, 255);
    for (std::size_t i = 0; i < bytes; ++i) {
        const unsigned value = byte(source);
        text += digits[value >> 4];
        text += digits[value & 15];
    }
    return text;
}

} // namespace

std::string randomHex(std::size_t bytes) {
    return hex(bytes, generator());
}

std::string secretHex(std::size_t bytes) {
    std::random_device device; // getrandom(2) in libstdc++
    return hex(bytes, device);
}

double randomUnit() {
    return std::uniform_real_distribution<double>(0.0, 1.0)(generator());
}

} // namespace router

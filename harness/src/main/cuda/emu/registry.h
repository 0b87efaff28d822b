// registry.h: the table of kernels the emulator library can launch by name, with what it needs to check a launch's
// arguments the way cuLaunchKernel receives them (an array of pointers, one per parameter, to the values).
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

namespace napkin_emu {

struct Kernel {
    const char* name;
    void (*invoke)(void** params);
    int param_count;
    const int* param_sizes;     // bytes of each parameter
    const bool* param_pointers; // whether each parameter is a pointer (checked against the live allocations)
};

template <auto F>
struct Invoker;

template <class... A, void (*F)(A...)>
struct Invoker<F> {
    static constexpr int sizes[sizeof...(A) + 1] = {static_cast<int>(sizeof(A))..., 0};
    static constexpr bool pointers[sizeof...(A) + 1] = {std::is_pointer_v<A>..., false};

    static void invoke(void** params) { call(params, std::index_sequence_for<A...>{}); }

    template <std::size_t... I>
    static void call(void** params, std::index_sequence<I...>) {
        F(*static_cast<std::remove_cv_t<A>*>(params[I])...);
    }

    static constexpr Kernel entry(const char* name) {
        return Kernel{name, &invoke, static_cast<int>(sizeof...(A)), sizes, pointers};
    }
};

}  // namespace napkin_emu

#define NAPKIN_EMU_KERNEL(name) ::napkin_emu::Invoker<&name>::entry(#name)

// runtime.cpp: the emulator's scheduler, device memory and C entry points (reached from Java through FFM).
//
// A launch runs its blocks one after another. A block's threads are fibers (ucontext) on the calling OS thread: the
// scheduler resumes each ready fiber until it finishes or waits at a barrier; the last thread to arrive at a barrier
// releases the others. A pass over the block that finds no ready fiber while some have not finished is a deadlock.
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "cuda_emu.h"
#include "registry.h"

// Switching between fibers. On x86-64 a hand-written switch saves only what the System V ABI makes callee-saved
// (rbx, rbp, r12-r15, the MXCSR and x87 control words) and the stack pointer: glibc's swapcontext also saves the
// signal mask with a system call on every switch, which made a 512-block, 256-thread reduction 7 times slower here (453 ms against 65).
#if defined(__x86_64__)
extern "C" void napkin_emu_switch(void** save_sp, void* load_sp);
asm(R"(
.text
.globl napkin_emu_switch
.type napkin_emu_switch,@function
napkin_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
.size napkin_emu_switch, .-napkin_emu_switch
.section .note.GNU-stack,"",@progbits
.text
)");
#endif

namespace napkin_emu {

// Kernels of the library: generated from the `extern "C" __global__` definitions of the .cu sources.
extern const Kernel kernels[];
extern const int kernel_count;

thread_local uint3 thread_idx;
thread_local uint3 block_idx;
thread_local dim3 block_dim;
thread_local dim3 grid_dim;

namespace {

constexpr std::size_t kStackBytes = 256 * 1024;
constexpr int kMaxThreads = 1024;
constexpr std::size_t kMaxSharedBytes = 227 * 1024;  // the most an sm_90 block may opt in to (CUDA guide, H.8)
constexpr std::size_t kRedZone = 256;                // cuMemAlloc aligns to 256 bytes; so do we
constexpr unsigned char kCanary = 0xA5;

struct KernelFailure {
    std::string message;
};

enum class State { Ready, WaitBlock, WaitWarp, Done };

// A saved execution context: the stack pointer of the hand-written switch, or a ucontext elsewhere.
struct Context {
#if defined(__x86_64__)
    void* sp = nullptr;
#else
    ucontext_t uc;
#endif
};

struct Fiber {
    Context context;
    uint3 index;
    State state;
    unsigned exchanges;  // warp exchanges done: picks the half of the double-buffered slots
};

struct Warp {
    unsigned existing;  // lanes the block has in this warp
    unsigned waiting;   // lanes arrived at the current warp barrier
    unsigned mask;      // the participants of that barrier
    uint64_t slots[2][32];
};

struct Block {
    std::vector<Fiber> fibers;
    std::vector<Warp> warps;
    int current = -1;
    int live = 0;
    int waiting_block = 0;
    const Kernel* kernel = nullptr;
    void** params = nullptr;
    std::string failure;
    Context scheduler;
};

thread_local Block* running = nullptr;
std::mutex launch_lock;  // one launch at a time: function-static __shared__ arrays are shared by all launches

char* stacks = nullptr;
std::vector<unsigned char> shared_memory;

std::map<uintptr_t, std::size_t> allocations;  // user address -> bytes
std::mutex memory_lock;

Fiber& self() {
    if (running == nullptr || running->current < 0) {
        throw KernelFailure{"a device function was called outside a kernel launch"};
    }
    return running->fibers[running->current];
}

void switch_to(Context& save, Context& load) {
#if defined(__x86_64__)
    napkin_emu_switch(&save.sp, load.sp);
#else
    swapcontext(&save.uc, &load.uc);
#endif
}

void yield(Fiber& f) {
    switch_to(f.context, running->scheduler);
    // resumed: the scheduler set thread_idx to this fiber's index
}

void fiber_main() {
    Block* b = running;
    Fiber& f = b->fibers[b->current];
    try {
        b->kernel->invoke(b->params);
    } catch (const KernelFailure& e) {
        b->failure = e.message;
    } catch (const std::exception& e) {
        b->failure = e.what();
    }
    f.state = State::Done;
    b->live--;
    Context finished;
    switch_to(finished, b->scheduler);  // never resumed
    std::abort();
}

// Prepares `f` to start in fiber_main on the stack [base, base + bytes).
void start_context(Fiber& f, char* base, std::size_t bytes) {
#if defined(__x86_64__)
    // the frame napkin_emu_switch pops: control words, r15..r12, rbx, rbp, then the return address (fiber_main),
    // placed so that fiber_main starts with rsp = 8 (mod 16), as after a call
    auto top = reinterpret_cast<uintptr_t>(base + bytes) & ~static_cast<uintptr_t>(15);
    auto* slot = reinterpret_cast<uint64_t*>(top - 72);
    uint32_t mxcsr;
    uint16_t fpucw;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("fnstcw %0" : "=m"(fpucw));
    slot[0] = static_cast<uint64_t>(mxcsr) | (static_cast<uint64_t>(fpucw) << 32);
    for (int i = 1; i <= 6; i++) slot[i] = 0;
    slot[7] = reinterpret_cast<uint64_t>(&fiber_main);
    f.context.sp = slot;
#else
    getcontext(&f.context.uc);
    f.context.uc.uc_stack.ss_sp = base;
    f.context.uc.uc_stack.ss_size = bytes;
    f.context.uc.uc_link = nullptr;
    makecontext(&f.context.uc, fiber_main, 0);
#endif
}

std::string block_name(const Block& b) {
    return std::string(b.kernel->name) + " block (" + std::to_string(block_idx.x) + "," + std::to_string(block_idx.y)
           + "," + std::to_string(block_idx.z) + ")";
}

void run_block(Block& b, int threads) {
    for (int t = 0; t < threads; t++) {
        Fiber& f = b.fibers[t];
        f.index = uint3{static_cast<unsigned>(t) % block_dim.x, (static_cast<unsigned>(t) / block_dim.x) % block_dim.y,
                        static_cast<unsigned>(t) / (block_dim.x * block_dim.y)};
        f.state = State::Ready;
        f.exchanges = 0;
        start_context(f, stacks + static_cast<std::size_t>(t) * (kStackBytes + 4096) + 4096, kStackBytes);
    }
    for (std::size_t w = 0; w < b.warps.size(); w++) {
        int lanes = std::min(32, threads - static_cast<int>(w) * 32);
        b.warps[w].existing = lanes == 32 ? 0xffffffffu : ((1u << lanes) - 1u);
        b.warps[w].waiting = 0;
        b.warps[w].mask = 0;
    }
    b.live = threads;
    b.waiting_block = 0;
    while (b.live > 0) {
        bool resumed = false;
        for (int t = 0; t < threads; t++) {
            if (b.fibers[t].state != State::Ready) continue;
            b.current = t;
            thread_idx = b.fibers[t].index;
            switch_to(b.scheduler, b.fibers[t].context);
            b.current = -1;
            resumed = true;
            if (!b.failure.empty()) {
                throw KernelFailure{block_name(b) + " thread (" + std::to_string(b.fibers[t].index.x) + ","
                                    + std::to_string(b.fibers[t].index.y) + "," + std::to_string(b.fibers[t].index.z)
                                    + "): " + b.failure};
            }
        }
        if (!resumed) {
            int at_block = 0, at_warp = 0, done = 0;
            for (int t = 0; t < threads; t++) {
                at_block += b.fibers[t].state == State::WaitBlock;
                at_warp += b.fibers[t].state == State::WaitWarp;
                done += b.fibers[t].state == State::Done;
            }
            throw KernelFailure{"deadlock in " + block_name(b) + ": " + std::to_string(at_block)
                                + " threads wait at __syncthreads, " + std::to_string(at_warp)
                                + " at a warp barrier, " + std::to_string(done) + " have exited"};
        }
    }
}

bool inside_allocation(uintptr_t address) {
    std::lock_guard<std::mutex> guard(memory_lock);
    auto it = allocations.upper_bound(address);
    if (it == allocations.begin()) return false;
    --it;
    return address <= it->first + it->second;  // one past the end is a valid pointer too
}

std::string redzone_damage(uintptr_t user, std::size_t bytes) {
    const unsigned char* front = reinterpret_cast<const unsigned char*>(user - kRedZone);
    const unsigned char* back = reinterpret_cast<const unsigned char*>(user + bytes);
    for (std::size_t i = 0; i < kRedZone; i++) {
        if (front[i] != kCanary) {
            return "a write " + std::to_string(kRedZone - i) + " bytes before the start of a " + std::to_string(bytes)
                   + "-byte allocation";
        }
    }
    for (std::size_t i = 0; i < kRedZone; i++) {
        if (back[i] != kCanary) {
            return "a write " + std::to_string(i) + " bytes past the end of a " + std::to_string(bytes)
                   + "-byte allocation";
        }
    }
    return "";
}

void copy_message(const std::string& message, char* out, int capacity) {
    if (out == nullptr || capacity <= 0) return;
    std::size_t n = std::min(message.size(), static_cast<std::size_t>(capacity - 1));
    std::memcpy(out, message.data(), n);
    out[n] = '\0';
}

const Kernel* find_kernel(const char* name) {
    for (int i = 0; i < kernel_count; i++) {
        if (std::strcmp(kernels[i].name, name) == 0) return &kernels[i];
    }
    return nullptr;
}

}  // namespace

void sync_block() {
    Fiber& f = self();
    Block& b = *running;
    // every thread of the block must arrive; one that exited never does, and the scheduler reports the deadlock
    ++b.waiting_block;
    int threads = static_cast<int>(block_dim.x * block_dim.y * block_dim.z);
    if (b.waiting_block == threads) {
        b.waiting_block = 0;
        for (int t = 0; t < threads; t++) {
            if (b.fibers[t].state == State::WaitBlock) b.fibers[t].state = State::Ready;
        }
        return;
    }
    f.state = State::WaitBlock;
    yield(f);
}

namespace {

// Arrives at the warp barrier of `mask`; returns once every participant has arrived. Returns the half of the slots
// this exchange uses.
int arrive_warp(unsigned mask) {
    Fiber& f = self();
    Block& b = *running;
    int linear = static_cast<int>(&f - b.fibers.data());
    Warp& w = b.warps[linear / 32];
    unsigned bit = 1u << (linear % 32);
    unsigned participants = mask & w.existing;
    if ((participants & bit) == 0) {
        throw KernelFailure{"a warp operation's mask 0x" + [](unsigned m) {
            char s[16];
            std::snprintf(s, sizeof s, "%08x", m);
            return std::string(s);
        }(mask) + " leaves out the calling lane"};
    }
    if (w.waiting == 0) {
        w.mask = participants;
    } else if (w.mask != participants) {
        throw KernelFailure{"lanes of one warp synchronise with different masks"};
    }
    int half = static_cast<int>(f.exchanges++ & 1u);
    w.waiting |= bit;
    if (w.waiting == w.mask) {
        w.waiting = 0;
        for (unsigned lane = 0; lane < 32; lane++) {
            if ((w.mask >> lane) & 1u) {
                Fiber& other = b.fibers[(linear / 32) * 32 + lane];
                if (other.state == State::WaitWarp) other.state = State::Ready;
            }
        }
        return half;
    }
    f.state = State::WaitWarp;
    yield(f);
    return half;
}

}  // namespace

void sync_warp(unsigned mask) { arrive_warp(mask); }

uint64_t exchange(unsigned mask, uint64_t value, int src_lane) {
    Fiber& f = self();
    Block& b = *running;
    int linear = static_cast<int>(&f - b.fibers.data());
    Warp& w = b.warps[linear / 32];
    int lane = linear % 32;
    // publish into the half this exchange uses; the other half may still be read by lanes of the previous one
    w.slots[f.exchanges & 1u][lane] = value;
    int half = arrive_warp(mask);
    if (src_lane < 0 || src_lane >= 32 || ((w.mask >> src_lane) & 1u) == 0) return value;
    return w.slots[half][src_lane];
}

unsigned ballot(unsigned mask, int predicate) {
    Fiber& f = self();
    Block& b = *running;
    int linear = static_cast<int>(&f - b.fibers.data());
    Warp& w = b.warps[linear / 32];
    w.slots[f.exchanges & 1u][linear % 32] = predicate != 0;
    int half = arrive_warp(mask);
    unsigned bits = 0;
    for (unsigned lane = 0; lane < 32; lane++) {
        if (((w.mask >> lane) & 1u) && w.slots[half][lane] != 0) bits |= 1u << lane;
    }
    return bits;
}

void* dynamic_shared_bytes() { return shared_memory.data(); }

void fail(const char* message) { throw KernelFailure{message}; }

}  // namespace napkin_emu

using napkin_emu::Kernel;

extern "C" {

int napkin_emu_kernel_count() { return napkin_emu::kernel_count; }

const char* napkin_emu_kernel_name(int index) {
    return index >= 0 && index < napkin_emu::kernel_count ? napkin_emu::kernels[index].name : nullptr;
}

// cuLaunchKernel's shape: params[i] points to the value of parameter i; param_sizes[i] is what the caller put there.
// Returns 0, or 1 with a one-line message in `error`.
int napkin_emu_launch(const char* name, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                      unsigned shared_bytes, void** params, int param_count, const int* param_sizes, char* error,
                      int error_capacity) {
    using namespace napkin_emu;
    std::lock_guard<std::mutex> guard(launch_lock);
    try {
        const Kernel* k = find_kernel(name);
        if (k == nullptr) throw KernelFailure{std::string("no kernel named ") + name + " in the emulator library"};
        if (param_count != k->param_count) {
            throw KernelFailure{std::string(name) + " takes " + std::to_string(k->param_count) + " parameters, the launch passed "
                                + std::to_string(param_count)};
        }
        for (int i = 0; i < param_count; i++) {
            if (param_sizes[i] != k->param_sizes[i]) {
                throw KernelFailure{std::string(name) + " parameter " + std::to_string(i) + " is "
                                    + std::to_string(k->param_sizes[i]) + " bytes, the launch passed "
                                    + std::to_string(param_sizes[i])};
            }
            if (k->param_pointers[i]) {
                uintptr_t address = *static_cast<uintptr_t*>(params[i]);
                if (address != 0 && !inside_allocation(address)) {
                    throw KernelFailure{std::string(name) + " parameter " + std::to_string(i)
                                        + " is a pointer outside every device allocation"};
                }
            }
        }
        unsigned threads = bx * by * bz;
        if (bx == 0 || by == 0 || bz == 0 || gx == 0 || gy == 0 || gz == 0 || threads > kMaxThreads || bz > 64
            || gy > 65535 || gz > 65535) {
            throw KernelFailure{std::string(name) + ": invalid launch shape grid (" + std::to_string(gx) + ","
                                + std::to_string(gy) + "," + std::to_string(gz) + ") block (" + std::to_string(bx) + ","
                                + std::to_string(by) + "," + std::to_string(bz) + ")"};
        }
        if (shared_bytes > kMaxSharedBytes) {
            throw KernelFailure{std::string(name) + " asks for " + std::to_string(shared_bytes)
                                + " bytes of dynamic shared memory, above the " + std::to_string(kMaxSharedBytes)
                                + " an sm_90 block can have"};
        }
        if (stacks == nullptr) {
            std::size_t bytes = kMaxThreads * (kStackBytes + 4096);
            void* region = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
            if (region == MAP_FAILED) throw KernelFailure{"could not map the emulator's fiber stacks"};
            stacks = static_cast<char*>(region);
            for (int t = 0; t < kMaxThreads; t++) {
                mprotect(stacks + static_cast<std::size_t>(t) * (kStackBytes + 4096), 4096, PROT_NONE);  // guard page
            }
        }
        Block b;
        b.kernel = k;
        b.params = params;
        b.fibers.resize(threads);
        b.warps.resize((threads + 31) / 32);
        shared_memory.assign(std::max<std::size_t>(shared_bytes, 16), 0xFF);
        grid_dim = dim3(gx, gy, gz);
        block_dim = dim3(bx, by, bz);
        running = &b;
        try {
            for (unsigned z = 0; z < gz; z++) {
                for (unsigned y = 0; y < gy; y++) {
                    for (unsigned x = 0; x < gx; x++) {
                        block_idx = uint3{x, y, z};
                        // CUDA leaves shared memory uninitialised: NaN bytes make a read before a write show up
                        std::memset(shared_memory.data(), 0xFF, shared_memory.size());
                        run_block(b, static_cast<int>(threads));
                    }
                }
            }
        } catch (...) {
            running = nullptr;
            throw;
        }
        running = nullptr;
        return 0;
    } catch (const KernelFailure& e) {
        copy_message(e.message, error, error_capacity);
        return 1;
    } catch (const std::exception& e) {
        copy_message(std::string(name) + ": " + e.what(), error, error_capacity);
        return 1;
    }
}

// Device memory: 256-byte aligned, poisoned with 0xFF bytes (NaN as fp32 or bf16, -1 as int), between red zones
// that napkin_emu_free and napkin_emu_check inspect for writes out of bounds.
void* napkin_emu_malloc(uint64_t bytes) {
    using namespace napkin_emu;
    std::size_t total = kRedZone + ((bytes + kRedZone - 1) / kRedZone) * kRedZone + kRedZone;
    void* raw = std::aligned_alloc(kRedZone, total);
    if (raw == nullptr) return nullptr;
    auto* base = static_cast<unsigned char*>(raw);
    std::memset(base, kCanary, kRedZone);
    std::memset(base + kRedZone, 0xFF, bytes);
    std::memset(base + kRedZone + bytes, kCanary, total - kRedZone - bytes);
    std::lock_guard<std::mutex> guard(memory_lock);
    allocations[reinterpret_cast<uintptr_t>(base + kRedZone)] = bytes;
    return base + kRedZone;
}

// 0: freed; 1: freed, but a red zone was written (message in `error`); 2: not an allocation of this library.
int napkin_emu_free(void* pointer, char* error, int error_capacity) {
    using namespace napkin_emu;
    uintptr_t user = reinterpret_cast<uintptr_t>(pointer);
    std::size_t bytes;
    {
        std::lock_guard<std::mutex> guard(memory_lock);
        auto it = allocations.find(user);
        if (it == allocations.end()) {
            copy_message("free of an address that is not a device allocation", error, error_capacity);
            return 2;
        }
        bytes = it->second;
        allocations.erase(it);
    }
    std::string damage = redzone_damage(user, bytes);
    std::free(reinterpret_cast<void*>(user - kRedZone));
    if (!damage.empty()) {
        copy_message(damage, error, error_capacity);
        return 1;
    }
    return 0;
}

// 0 when every live allocation's red zones are intact, else 1 and the first damage found.
int napkin_emu_check(char* error, int error_capacity) {
    using namespace napkin_emu;
    std::lock_guard<std::mutex> guard(memory_lock);
    for (const auto& [user, bytes] : allocations) {
        std::string damage = redzone_damage(user, bytes);
        if (!damage.empty()) {
            copy_message(damage, error, error_capacity);
            return 1;
        }
    }
    return 0;
}

}  // extern "C"

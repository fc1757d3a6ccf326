// `arc4random` for a Lambda binary that links libstdc++ statically (BENCHMARKS.md: the loader's
// relocation of libstdc++.so is most of a minimal Swift program's start-up). GCC 12's libstdc++.a
// (`random.o`, `std::random_device`) calls `arc4random`, which glibc added in 2.36; Lambda's
// `provided.al2023` has glibc 2.34, so the binary must not ask glibc for it. This definition in the
// executable satisfies the reference before libc is searched, as compat.c's `hypotf` does.
//
// It returns 32 bits from the kernel's CSPRNG (`getrandom`, glibc 2.25, reading /dev/urandom's
// pool once it is initialised), as glibc's own `arc4random` does, and like it never fails: an
// interrupted call is retried, and a kernel without `getrandom` (older than 3.17, which Lambda never
// runs) aborts rather than return predictable bits.
#if defined(__linux__)
#include <features.h>
#endif

#if defined(__GLIBC__)

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

uint32_t arc4random(void) {
    uint32_t value;
    unsigned char *bytes = (unsigned char *)&value;
    size_t filled = 0;
    while (filled < sizeof value) {
        ssize_t got = getrandom(bytes + filled, sizeof value - filled, 0);
        if (got > 0) {
            filled += (size_t)got;
        } else if (got < 0 && errno != EINTR) {
            abort();
        }
    }
    return value;
}

#endif

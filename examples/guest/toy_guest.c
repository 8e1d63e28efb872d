/*
 * toy_guest: a stand-in for a VMM's running guest, for genscope's migration library.
 *
 * Its "guest memory" is a shared mapping of MEMFILE (PAGES pages of 4 KiB). It keeps writing:
 *   - GPU writes: random bytes into the graphics pages [GFX_FIRST, GFX_FIRST + GFX_COUNT), with no
 *     log at all, as a GPU's DMA does;
 *   - CPU writes: random bytes into any page, each followed by an atomic OR of the page's bit into
 *     the dirty bitmap in the shared mapping of LOGFILE (page p: 64-bit word p / 64, bit p % 64),
 *     as a hypervisor's dirty log records vCPU writes.
 * It obeys one-line commands on standard input and answers each on standard output:
 *   pause -> paused        no write runs until resume (vCPUs and GPU stopped)
 *   resume -> resumed
 *   pause-gpu -> gpu-paused    GPU writes stop, CPU writes go on
 *   resume-gpu -> gpu-resumed
 *   digest -> digest HEX   FNV-1a 64 of the whole memory
 *   quit (or end of input) -> exits
 * With --paused it starts paused (a destination guest waiting for its memory).
 *
 * cc -O2 -o toy_guest toy_guest.c
 * ./toy_guest [--paused] MEMFILE PAGES LOGFILE GFX_FIRST GFX_COUNT SEED
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static uint64_t rng_state;

static uint64_t next_random(void) {
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545F4914F6CDD1DULL;
}

static void *map_file(const char *path, size_t bytes) {
    int fd = open(path, O_RDWR);
    if (fd < 0) {
        perror(path);
        exit(2);
    }
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        perror("mmap");
        exit(2);
    }
    return p;
}

static int paused, gpu_paused;

/* Reads and answers one command; returns 0 at quit or end of input. */
static int command(uint8_t *memory, size_t bytes) {
    char line[64];
    if (fgets(line, sizeof line, stdin) == NULL) {
        return 0;
    }
    line[strcspn(line, "\n")] = 0;
    if (strcmp(line, "pause") == 0) {
        paused = 1;
        puts("paused");
    } else if (strcmp(line, "resume") == 0) {
        paused = 0;
        puts("resumed");
    } else if (strcmp(line, "pause-gpu") == 0) {
        gpu_paused = 1;
        puts("gpu-paused");
    } else if (strcmp(line, "resume-gpu") == 0) {
        gpu_paused = 0;
        puts("gpu-resumed");
    } else if (strcmp(line, "digest") == 0) {
        uint64_t h = 0xcbf29ce484222325ULL;
        for (size_t i = 0; i < bytes; i++) {
            h = (h ^ memory[i]) * 0x100000001b3ULL;
        }
        printf("digest %016llx\n", (unsigned long long) h);
    } else if (strcmp(line, "quit") == 0) {
        return 0;
    } else {
        printf("unknown command %s\n", line);
    }
    fflush(stdout);
    return 1;
}

int main(int argc, char **argv) {
    int arg = 1;
    if (argc > 1 && strcmp(argv[1], "--paused") == 0) {
        paused = 1;
        arg++;
    }
    if (argc - arg != 6) {
        fprintf(stderr, "usage: toy_guest [--paused] MEMFILE PAGES LOGFILE GFX_FIRST GFX_COUNT SEED\n");
        return 2;
    }
    size_t pages = strtoull(argv[arg + 1], NULL, 0);
    size_t bytes = pages * 4096;
    uint64_t gfx_first = strtoull(argv[arg + 3], NULL, 0);
    uint64_t gfx_count = strtoull(argv[arg + 4], NULL, 0);
    rng_state = strtoull(argv[arg + 5], NULL, 0) | 1;
    uint8_t *memory = map_file(argv[arg], bytes);
    uint64_t *log = map_file(argv[arg + 2], (pages + 63) / 64 * 8);
    struct pollfd in = {.fd = 0, .events = POLLIN};
    struct timespec pause_between = {.tv_sec = 0, .tv_nsec = 1000000};
    for (;;) {
        /* commands first; while paused, nothing but commands */
        while (poll(&in, 1, paused ? -1 : 0) > 0) {
            if (!command(memory, bytes)) {
                return 0;
            }
        }
        for (int i = 0; i < 64; i++) {
            uint64_t r = next_random();
            int gpu = gfx_count > 0 && (r & 3) == 0;
            if (gpu && gpu_paused) {
                continue;
            }
            uint64_t page = gpu ? gfx_first + (r >> 8) % gfx_count : (r >> 8) % pages;
            size_t at = page * 4096 + ((r >> 40) % 64) * 64;
            for (int b = 0; b < 64; b += 8) {
                uint64_t v = next_random();
                memcpy(memory + at + b, &v, 8);
            }
            if (!gpu) {
                __atomic_fetch_or(&log[page / 64], 1ULL << (page % 64), __ATOMIC_RELEASE);
            }
        }
        nanosleep(&pause_between, NULL);
    }
}

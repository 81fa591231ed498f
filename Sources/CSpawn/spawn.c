#define _GNU_SOURCE
#include "vtrans_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/wait.h>
#include <sys/syscall.h>

/* Steps the child can fail at, reported to the parent through a close-on-exec pipe. */
static const char *const steps[] = {
    "exec", "setpgid", "prctl(PR_SET_PDEATHSIG)", "dup2", "setrlimit(RLIMIT_AS)",
    "setrlimit(RLIMIT_CPU)", "setrlimit(RLIMIT_NOFILE)", "join cgroup", "chdir",
};

static void child_fail(int report_fd, int step) {
    int payload[2] = {step, errno};
    ssize_t ignored = write(report_fd, payload, sizeof payload);
    (void)ignored;
    _exit(127);
}

static void close_other_descriptors(int keep) {
    unsigned int last = ~0U;
    if (keep > 3 && syscall(SYS_close_range, 3U, (unsigned int)keep - 1, 0U) != 0) {
        for (int fd = 3; fd < keep; fd++) close(fd);
    }
    if (syscall(SYS_close_range, (unsigned int)keep + 1, last, 0U) != 0) {
        struct rlimit limit;
        int top = getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < 65536 ? (int)limit.rlim_cur : 65536;
        for (int fd = keep + 1; fd < top; fd++) close(fd);
    }
}

static int move_fd(int fd, int target) {
    if (fd < 0 || fd == target) {
        if (fd == target) {
            int flags = fcntl(fd, F_GETFD);
            return flags < 0 ? -1 : fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC);
        }
        return 0;
    }
    return dup2(fd, target) < 0 ? -1 : 0;
}

pid_t vtrans_spawn(const vtrans_spawn_config *c, int *error_number, const char **failed_step) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        *error_number = errno;
        *failed_step = "pipe2";
        return -1;
    }
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid < 0) {
        *error_number = errno;
        *failed_step = "fork";
        close(report[0]);
        close(report[1]);
        return -1;
    }
    if (pid == 0) {
        /* Child: only async-signal-safe calls from here on. */
        close(report[0]);
        sigset_t all;
        sigemptyset(&all);
        sigprocmask(SIG_SETMASK, &all, NULL);
        for (int s = 1; s < NSIG; s++) signal(s, SIG_DFL);
        if (setpgid(0, 0) != 0) child_fail(report[1], 1);
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) child_fail(report[1], 2);
        if (getppid() != parent) _exit(127); /* parent already gone */
        if (move_fd(c->stdin_fd, 0) || move_fd(c->stdout_fd, 1) || move_fd(c->stderr_fd, 2)) child_fail(report[1], 3);
        /* Nothing else of the parent's reaches the stage: not its sockets, not a file another
           thread is still writing (whose open descriptor would make exec fail with ETXTBSY). */
        close_other_descriptors(report[1]);
        if (c->memory_bytes) {
            struct rlimit l = {c->memory_bytes, c->memory_bytes};
            if (setrlimit(RLIMIT_AS, &l) != 0) child_fail(report[1], 4);
        }
        if (c->cpu_seconds) {
            struct rlimit l = {c->cpu_seconds, c->cpu_seconds + 5};
            if (setrlimit(RLIMIT_CPU, &l) != 0) child_fail(report[1], 5);
        }
        if (c->open_files) {
            struct rlimit l = {c->open_files, c->open_files};
            if (setrlimit(RLIMIT_NOFILE, &l) != 0) child_fail(report[1], 6);
        }
        if (c->cgroup_procs_path) {
            int fd = open(c->cgroup_procs_path, O_WRONLY | O_CLOEXEC);
            if (fd < 0 || write(fd, "0", 1) != 1) child_fail(report[1], 7);
            close(fd);
        }
        if (c->working_directory && chdir(c->working_directory) != 0) child_fail(report[1], 8);
        execve(c->path, c->argv, c->envp);
        child_fail(report[1], 0);
    }
    close(report[1]);
    int payload[2];
    ssize_t n;
    do {
        n = read(report[0], payload, sizeof payload);
    } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof payload) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        *error_number = payload[1];
        *failed_step = steps[payload[0]];
        return -1;
    }
    return pid;
}

int vtrans_pipe_cloexec(int fds[2]) { return pipe2(fds, O_CLOEXEC); }

int vtrans_data_pipe_cloexec(int fds[2]) {
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    // The kernel may refuse (pipe-user-pages-soft reached); the default 64 KiB then stands.
    (void)fcntl(fds[1], F_SETPIPE_SZ, VTRANS_DATA_PIPE_BYTES);
    return 0;
}

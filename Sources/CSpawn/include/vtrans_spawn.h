#ifndef VTRANS_SPAWN_H
#define VTRANS_SPAWN_H

#include <sys/types.h>

/// How to start one stage process. Zero or NULL fields mean "leave as inherited".
typedef struct {
    const char *path;               ///< executable path (not searched)
    char *const *argv;              ///< NULL-terminated
    char *const *envp;              ///< NULL-terminated
    int stdin_fd, stdout_fd, stderr_fd;
    unsigned long long memory_bytes;    ///< RLIMIT_AS
    unsigned long long cpu_seconds;     ///< RLIMIT_CPU soft limit (hard = soft + 5)
    unsigned long long open_files;      ///< RLIMIT_NOFILE
    const char *cgroup_procs_path;  ///< if set, the child writes its pid here before exec
    const char *working_directory;  ///< if set, chdir before exec
} vtrans_spawn_config;

/// Forks and execs a stage: new process group, parent-death signal SIGKILL, default signal
/// dispositions, limits applied in the child before exec. Returns the pid, or -1 with
/// *error_number set (errno of the failing step) and *failed_step naming it.
pid_t vtrans_spawn(const vtrans_spawn_config *config, int *error_number, const char **failed_step);

/// pipe2(fds, O_CLOEXEC): both ends close on exec, so no child inherits another stage's pipes.
int vtrans_pipe_cloexec(int fds[2]);

/// Capacity asked for a pipe carrying frames: eight times Linux's default, so a stage writing
/// audio chunks wakes its reader less often (bench/supervisor), while a non-root user's 64 MiB of
/// pipe buffers (pipe-user-pages-soft) still holds a dozen five-stage jobs' pipes.
#define VTRANS_DATA_PIPE_BYTES (512 * 1024)

/// Like vtrans_pipe_cloexec, with a capacity of VTRANS_DATA_PIPE_BYTES when the kernel allows it.
int vtrans_data_pipe_cloexec(int fds[2]);

#endif

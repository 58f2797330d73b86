using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>
/// The OS user that runs initdb, pg_ctl and the server: the current user, or — when the service runs as root,
/// which PostgreSQL refuses — an unprivileged system user the commands are handed to through runuser (or su).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal sealed class ClusterAccount
{
    public const string PreferredUser = "postgres";
    public const string OwnUser = "catalogue-pg";

    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(30);

    private ClusterAccount(string? delegatedUser) => DelegatedUser = delegatedUser;

    /// <summary>Null when commands run as the current user.</summary>
    public string? DelegatedUser { get; }

    public static bool RunningAsRoot => Environment.UserName == "root";

    public static async Task<ClusterAccount> ForCurrentProcessAsync(ILogger logger, CancellationToken ct)
    {
        if (!RunningAsRoot)
        {
            return new ClusterAccount(null);
        }

        foreach (var candidate in new[] { PreferredUser, OwnUser })
        {
            if (await UserExistsAsync(candidate, ct))
            {
                logger.LogDebug(
                    "Running as root, which PostgreSQL refuses; the embedded cluster runs as the user {User}", candidate);
                return new ClusterAccount(candidate);
            }
        }

        var useradd = ExternalCommand.FindTool("useradd");
        var created = useradd is null
            ? null
            : await ExternalCommand.RunAsync(
                useradd, ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", OwnUser], ToolTimeout, ct);

        // Another start may have created it at the same moment.
        if (created is { Succeeded: true } || await UserExistsAsync(OwnUser, ct))
        {
            logger.LogInformation(
                "Running as root, which PostgreSQL refuses; created the system user {User} to run the embedded cluster",
                OwnUser);
            return new ClusterAccount(OwnUser);
        }

        throw new EmbeddedPostgresException(
            $"The service runs as root, which PostgreSQL refuses, and no unprivileged user could be found or created " +
            $"to run the embedded cluster ({(useradd is null ? "useradd is not installed" : created!.Output)}). " +
            $"Create a user named '{PreferredUser}' or '{OwnUser}', run the service as a non-root user, or set " +
            "ConnectionStrings:Catalogue (environment variable ConnectionStrings__Catalogue) to use an existing server.");
    }

    public Task<CommandResult> RunAsync(
        string executable, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        if (DelegatedUser is null)
        {
            return ExternalCommand.RunAsync(executable, arguments, timeout, ct);
        }

        if (ExternalCommand.FindTool("runuser") is { } runuser)
        {
            return ExternalCommand.RunAsync(runuser, ["-u", DelegatedUser, "--", executable, .. arguments], timeout, ct);
        }

        if (ExternalCommand.FindTool("su") is { } su)
        {
            return ExternalCommand.RunAsync(
                su, [DelegatedUser, "-s", "/bin/sh", "-c", ExternalCommand.Describe(executable, arguments)], timeout, ct);
        }

        throw new EmbeddedPostgresException(
            $"The service runs as root and must hand PostgreSQL to the user '{DelegatedUser}', but neither runuser " +
            "nor su is installed. Run the service as a non-root user, or set ConnectionStrings:Catalogue " +
            "(environment variable ConnectionStrings__Catalogue) to use an existing server.");
    }

    /// <summary>
    /// Proves the cluster user can enter every folder on the way to the places it must reach. A CI checkout under
    /// /root is the usual trap; the message names the folder in the way rather than loosening its mode for the owner.
    /// </summary>
    public async Task EnsureCanReachAsync(string dataDirectory, IEnumerable<string> otherDirectories, CancellationToken ct)
    {
        if (DelegatedUser is null)
        {
            return;
        }

        var folders = Ancestors(dataDirectory)
            .Concat(otherDirectories.SelectMany(directory => Ancestors(directory).Append(directory)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        const string firstUnreachable =
            "for d in \"$@\"; do if [ ! -x \"$d\" ]; then printf '%s\\n' \"$d\"; exit 3; fi; done";
        var check = await RunAsync("/bin/sh", ["-c", firstUnreachable, "sh", .. folders], ToolTimeout, ct);
        if (check.Succeeded)
        {
            return;
        }

        var blocking = check.ExitCode == 3 ? check.StandardOutput.Trim() : null;
        throw new EmbeddedPostgresException(blocking is null
            ? $"Could not check that the user '{DelegatedUser}' can reach '{dataDirectory}': {check.Output}"
            : $"The embedded PostgreSQL runs as the user '{DelegatedUser}' (PostgreSQL refuses to run as root), " +
              $"and that user cannot enter the folder '{blocking}' on the way to '{dataDirectory}'. " +
              "Set Catalogue:DataDirectory (environment variable Catalogue__DataDirectory) to a folder every user can " +
              $"reach, such as /var/lib/catalogue or /tmp/catalogue, or let '{DelegatedUser}' through with " +
              $"`chmod o+x {ExternalCommand.ShellQuote(blocking)}` if that is acceptable for that folder.")
        {
            UnreachableFolder = blocking,
        };
    }

    /// <summary>Hands a folder tree to the cluster user (root only).</summary>
    public async Task TakeOwnershipAsync(string directory, bool recursive, CancellationToken ct)
    {
        if (DelegatedUser is null)
        {
            return;
        }

        var chown = ExternalCommand.FindTool("chown") ?? "chown";
        string[] arguments = recursive ? ["-R", DelegatedUser, directory] : [DelegatedUser, directory];
        var result = await ExternalCommand.RunAsync(chown, arguments, ToolTimeout, ct);
        // A cluster still shutting down (a previous start's, stopping) removes files such as postmaster.pid while chown
        // walks the tree; what vanished needs no owner, and a second walk finds the tree as it now is.
        for (var retry = 0; !result.Succeeded && recursive && retry < 3 && result.Output.Contains("No such file or directory", StringComparison.Ordinal); retry++)
        {
            await Task.Delay(200, ct);
            result = await ExternalCommand.RunAsync(chown, arguments, ToolTimeout, ct);
        }

        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"Could not give '{directory}' to the user '{DelegatedUser}' that runs the embedded PostgreSQL: {result.Output}");
        }
    }

    /// <summary>Gives files back to the user the service runs as (root only), each on its own, not what is inside.</summary>
    public async Task ReturnToServiceUserAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        if (DelegatedUser is null || paths.Count == 0)
        {
            return;
        }

        var chown = ExternalCommand.FindTool("chown") ?? "chown";
        var result = await ExternalCommand.RunAsync(chown, ["--no-dereference", Environment.UserName, .. paths], ToolTimeout, ct);
        if (!result.Succeeded)
        {
            throw new EmbeddedPostgresException(
                $"Could not give {string.Join(", ", paths.Select(p => $"'{p}'"))} back to the user '{Environment.UserName}' that runs the service: {result.Output}");
        }
    }

    /// <summary>
    /// Whether <paramref name="user"/> exists, as <c>id</c> tells: 1 is "no such user". Anything else — <c>id</c> ended
    /// by a signal, as a Ctrl+C at the terminal ends the whole process group — tells nothing, and is not taken for "no":
    /// the start would then make another user and hand the cluster's files over to it (found from outside).
    /// </summary>
    private static async Task<bool> UserExistsAsync(string user, CancellationToken ct)
    {
        var id = ExternalCommand.FindTool("id") ?? "id";
        var told = await ExternalCommand.RunAsync(id, ["-u", user], ToolTimeout, ct);
        if (told.ExitCode is 0 or 1) return told.Succeeded;
        ct.ThrowIfCancellationRequested();
        throw new EmbeddedPostgresException(
            $"Could not tell whether the user '{user}' exists: `id -u {user}` ended with exit code {told.ExitCode} ({told.Output}). Nothing was changed; start again.");
    }

    /// <summary>"/", "/a", "/a/b" for "/a/b/c".</summary>
    private static IEnumerable<string> Ancestors(string directory)
    {
        var chain = new Stack<string>();
        for (var parent = Path.GetDirectoryName(Path.GetFullPath(directory)); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            chain.Push(parent);
        }

        return chain;
    }
}

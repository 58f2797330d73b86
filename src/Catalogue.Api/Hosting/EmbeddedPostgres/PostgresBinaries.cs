using System.Runtime.Versioning;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>A folder holding the PostgreSQL server programs the launcher runs.</summary>
[UnsupportedOSPlatform("windows")]
internal sealed record PostgresBinaries(string Directory)
{
    public const string BinEnvironmentVariable = "CATALOGUE_PG_BIN";

    private static readonly string[] Programs = ["initdb", "pg_ctl", "postgres"];

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>
    /// pg_basebackup beside the server programs, or beside what they link to: a PATH folder often holds links to the
    /// three server programs alone.
    /// </summary>
    public string PgBaseBackup
    {
        get
        {
            var here = Path.Combine(Directory, "pg_basebackup");
            if (File.Exists(here)) return here;
            var linked = new FileInfo(PgCtl).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return linked is null ? here : Path.Combine(Path.GetDirectoryName(linked)!, "pg_basebackup");
        }
    }

    /// <summary>CATALOGUE_PG_BIN, then PATH, then the folders where packages and installers put PostgreSQL.</summary>
    public static PostgresBinaries Locate() =>
        Locate(
            Environment.GetEnvironmentVariable(BinEnvironmentVariable),
            Environment.GetEnvironmentVariable("PATH"),
            UsualDirectories("/"));

    internal static PostgresBinaries Locate(string? configured, string? path, IEnumerable<string> usualDirectories)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return HoldsServerPrograms(configured)
                ? new PostgresBinaries(Path.GetFullPath(configured))
                : throw new EmbeddedPostgresException(
                    $"{BinEnvironmentVariable} is set to '{configured}', but that folder does not hold all of " +
                    $"{string.Join(", ", Programs)}. Point it at the PostgreSQL bin folder " +
                    "(e.g. /usr/lib/postgresql/15/bin), or unset it to search PATH and the usual folders.");
        }

        var found = (path ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(usualDirectories)
            .FirstOrDefault(HoldsServerPrograms);

        return found is not null
            ? new PostgresBinaries(Path.GetFullPath(found))
            : throw new EmbeddedPostgresException(NotFoundMessage);
    }

    /// <summary>
    /// The usual install folders under <paramref name="root"/> ("/" outside tests), newest version first
    /// within each family.
    /// </summary>
    internal static IReadOnlyList<string> UsualDirectories(string root)
    {
        string Under(string path) => Path.Combine(root, path.TrimStart('/'));

        return
        [
            .. Versioned(Under("/usr/lib/postgresql"), "", "bin"),
            Under("/usr/local/pgsql/bin"),
            .. Versioned(Under("/usr"), "pgsql-", "bin"),
            .. Versioned(Under("/opt/homebrew/opt"), "postgresql@", "bin"),
            Under("/opt/homebrew/opt/postgresql/bin"),
            .. Versioned(Under("/usr/local/opt"), "postgresql@", "bin"),
            Under("/usr/local/opt/postgresql/bin"),
            .. Versioned(Under("/Applications/Postgres.app/Contents/Versions"), "", "bin"),
        ];
    }

    private const string NotFoundMessage =
        "PostgreSQL server programs (initdb, pg_ctl, postgres) were not found, so the embedded database cannot start. " +
        "Searched CATALOGUE_PG_BIN, PATH, /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin, /usr/pgsql-*/bin, " +
        "/opt/homebrew/opt/postgresql@*/bin, /usr/local/opt/postgresql@*/bin and /Applications/Postgres.app. Do one of:\n" +
        "  - install PostgreSQL: Debian/Ubuntu `sudo apt-get install postgresql`, Fedora/RHEL `sudo dnf install postgresql-server`, " +
        "Alpine `apk add postgresql`, macOS `brew install postgresql@15`;\n" +
        "  - set CATALOGUE_PG_BIN to the folder that holds initdb, pg_ctl and postgres;\n" +
        "  - or use an existing server: set ConnectionStrings:Catalogue (environment variable ConnectionStrings__Catalogue) " +
        "to its connection string.";

    private static bool HoldsServerPrograms(string directory) =>
        Programs.All(program => IsExecutable(Path.Combine(directory, program)));

    private static bool IsExecutable(string file)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        try
        {
            return File.Exists(file) && (File.GetUnixFileMode(file) & anyExecute) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>parent/&lt;prefix&gt;&lt;version&gt;/leaf for every version present, highest first.</summary>
    private static IEnumerable<string> Versioned(string parent, string prefix, string leaf)
    {
        string[] folders;
        try
        {
            folders = System.IO.Directory.Exists(parent)
                ? System.IO.Directory.GetDirectories(parent, prefix + "*")
                : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            folders = [];
        }

        return folders
            .Select(folder => (folder, version: ParseVersion(Path.GetFileName(folder)[prefix.Length..])))
            .OrderByDescending(candidate => candidate.version)
            .Select(candidate => Path.Combine(candidate.folder, leaf));
    }

    /// <summary>"16", "9.6", "16.2" become versions; anything else ("latest") sorts last.</summary>
    private static Version ParseVersion(string text)
    {
        var numeric = new string(text.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').ToArray()).Trim('.');
        if (!numeric.Contains('.'))
        {
            numeric += ".0";
        }

        return Version.TryParse(numeric, out var version) ? version : new Version(0, 0);
    }
}

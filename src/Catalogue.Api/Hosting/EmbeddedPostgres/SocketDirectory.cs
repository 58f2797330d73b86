using System.Runtime.Versioning;
using System.Security.Cryptography;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>
/// A fresh, short-named folder under the temp directory for the server's Unix socket: socket paths must stay
/// under about 100 characters, which a data directory deep in a checkout easily exceeds.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class SocketDirectory
{
    private const string Prefix = "cpg-";

    // "/cpg-xxxxxxxx/.s.PGSQL.65535" must fit, with room to spare, under the ~100-character limit.
    private const int LongestParent = 100 - 30;

    public static string Parent
    {
        get
        {
            var temp = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath()));
            return temp.Length <= LongestParent ? temp : "/tmp";
        }
    }

    public static async Task<string> CreateAsync(ClusterAccount account, CancellationToken ct)
    {
        string path;
        do
        {
            path = Path.Combine(Parent, Prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)));
        }
        while (Directory.Exists(path));

        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await account.TakeOwnershipAsync(path, recursive: false, ct);
        return path;
    }

    public static bool IsOurs(string path) =>
        Path.GetFileName(path).StartsWith(Prefix, StringComparison.Ordinal)
        && string.Equals(Path.GetDirectoryName(path), Parent, StringComparison.Ordinal);

    public static void DeleteQuietly(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover empty folder in the temp directory is harmless.
        }
    }
}

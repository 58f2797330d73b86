using System.Text.RegularExpressions;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>
/// Lets the superuser sign in with its password over the server's Unix-domain socket, as over TCP. Clusters made before
/// the service connected through the socket were given <c>peer</c> there, which maps the OS user to a role of the same
/// name and so never lets the service in as "catalogue"; their <c>pg_hba.conf</c> line is changed before the server
/// starts. The socket's folder is open to the cluster's OS user alone, so the socket is never wider than TCP on
/// 127.0.0.1, where any local user may try the password.
/// </summary>
internal static partial class SocketSignIn
{
    public const string Method = "scram-sha-256";

    public static string HbaFile(ClusterLayout layout) => Path.Combine(layout.PgData, "pg_hba.conf");

    /// <returns>True when the file was changed.</returns>
    public static bool EnsurePassword(ClusterLayout layout)
    {
        var file = HbaFile(layout);
        if (!File.Exists(file)) return false;

        var text = File.ReadAllText(file);
        var changed = PeerForEveryone().Replace(text, m => m.Value[..^"peer".Length] + Method);
        if (changed == text) return false;

        // Written in place: the file keeps its owner (the cluster's OS user) and its mode.
        File.WriteAllText(file, changed);
        return true;
    }

    // initdb's line for the socket: "local   all   all   peer", its columns padded with spaces.
    [GeneratedRegex(@"^local[ \t]+all[ \t]+all[ \t]+peer(?=[ \t]*$)", RegexOptions.Multiline)]
    private static partial Regex PeerForEveryone();
}

using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace Catalogue.Api.Hosting.EmbeddedPostgres;

/// <summary>The embedded cluster's superuser password: made once, with the cluster, and kept beside it readable by its owner alone.</summary>
internal static class ClusterPassword
{
    [UnsupportedOSPlatform("windows")]
    public static string ReadOrCreate(ClusterLayout layout, ILogger logger)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        if (File.Exists(layout.PasswordFile))
        {
            File.SetUnixFileMode(layout.PasswordFile, ownerOnly);
            var stored = File.ReadLines(layout.PasswordFile).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(stored)
                ? throw new EmbeddedPostgresException(
                    $"The embedded PostgreSQL password file '{layout.PasswordFile}' is empty. Restore it, or move " +
                    $"'{layout.Root}' away to start with an empty cluster.")
                : stored;
        }

        if (layout.IsInitialised)
        {
            throw new EmbeddedPostgresException(
                $"The cluster in '{layout.PgData}' exists but its password file '{layout.PasswordFile}' is missing, so " +
                $"the service cannot sign in. Restore the file, or move '{layout.Root}' away to start with an empty cluster.");
        }

        // Hex: nothing that needs quoting in a connection string or a password file.
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        using (var stream = new FileStream(
                   layout.PasswordFile,
                   new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
        using (var writer = new StreamWriter(stream))
        {
            writer.WriteLine(password);
        }

        logger.LogDebug("Generated the embedded PostgreSQL superuser password in {PasswordFile}", layout.PasswordFile);
        return password;
    }
}

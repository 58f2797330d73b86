using System.Data.Common;

namespace Catalogue.Api.Hosting;

/// <summary>What a connection string as given says for itself, which the service's own defaults then leave alone.</summary>
public static class GivenConnectionString
{
    /// <summary>True when the connection string sets one of <paramref name="keys"/> (any of a setting's spellings).</summary>
    public static bool Names(string connectionString, params string[] keys)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        return keys.Any(given.ContainsKey);
    }
}

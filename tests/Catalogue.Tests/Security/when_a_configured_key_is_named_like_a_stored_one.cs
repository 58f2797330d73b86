using Catalogue.Tests.Support;

namespace Catalogue.Tests.Security;

/// <summary>
/// A deployment declares a key in configuration under a name a stored key already has (or had): started, the service
/// would let both act as <c>key:NAME</c>. It refuses to start instead, and says which name and what to do.
/// </summary>
[Collection(SeparateProcessesCollection.Name)]
public sealed class when_a_configured_key_is_named_like_a_stored_one(SeparateProcessesCluster postgres)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task the_service_refuses_to_start_and_says_which_name_clashes_and_how_to_fix_it(bool storedKeyRevoked)
    {
        var database = await postgres.NewDatabaseAsync("catalogue_key_clash");
        Assert.Equal(0, (await CatalogueCli.RunAsync(database, "keys", "create", "w", "--role", "archivist")).ExitCode);
        if (storedKeyRevoked) Assert.Equal(0, (await CatalogueCli.RunAsync(database, "keys", "revoke", "w")).ExitCode);

        // Configuration reads W and w as one name, and so would anyone reading the history.
        using var started = CatalogueCli.LaunchService(database, new Dictionary<string, string>
        {
            ["Catalogue__ApiKeys__W__Key"] = "configured-w-key-5d1e",
            ["Catalogue__ApiKeys__W__Role"] = "admin",
        });

        Assert.False(await started.ReadyOrExitedAsync(), $"the service started with two keys acting as key:w:\n{started.Output}");
        Assert.True(started.Process.ExitCode != 0, $"exit code 0:\n{started.Output}");
        var message = Assert.Single(started.Output.Split('\n'), line => line.Contains("'W'", StringComparison.Ordinal));
        Assert.Contains("Catalogue:ApiKeys:W", message);
        Assert.Contains("rename", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", started.Output);
    }
}

using System.Net;
using Alba;
using Catalogue.Tests.Support;
using Microsoft.AspNetCore.Hosting;

namespace Catalogue.Tests.Security;

/// <summary>
/// A catalogue started with its own embedded PostgreSQL must not be open to anyone: it creates an admin key and
/// writes it, once, to a file only its owner can read.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class when_the_embedded_catalogue_starts_for_the_first_time : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"catalogue-first-start-{Guid.NewGuid():N}"[..38]);

    private Task<IAlbaHost> StartEmbedded() => AlbaHost.For<Program>(web =>
    {
        web.UseSetting("Catalogue:DataDirectory", _dataDirectory);
        web.UseEnvironment("Testing");
    });

    [Fact]
    public async Task an_admin_key_is_written_once_for_the_owner_only_and_nothing_is_open_without_it()
    {
        string key;
        await using (var host = await StartEmbedded())
        {
            var file = Path.Combine(_dataDirectory, "admin-api-key");
            Assert.True(File.Exists(file), "no admin key file");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            key = (await File.ReadAllTextAsync(file)).Trim();

            (await new Support.Api(host.Server.CreateClient(), apiKey: null).Get("/api/records")).ShouldBe(HttpStatusCode.Unauthorized);
            var keys = (await new Support.Api(host.Server.CreateClient(), key).Get("/api/keys")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
            Assert.Equal("admin", Assert.Single(keys)!["role"]!.GetValue<string>());
        }

        await using (var again = await StartEmbedded())
        {
            Assert.Equal(key, (await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "admin-api-key"))).Trim());
            var keys = (await new Support.Api(again.Server.CreateClient(), key).Get("/api/keys")).ShouldBe(HttpStatusCode.OK).Json.AsArray();
            Assert.Single(keys);
        }
    }

    /// <summary>
    /// Run as root, the cluster runs as another user, who must get the cluster's files and nothing else: the admin key and
    /// the checkpoint signing key stay the service user's, readable by no one else, start after start.
    /// </summary>
    [Fact]
    public async Task its_keys_stay_the_service_users_and_only_the_cluster_files_go_to_the_cluster_user()
    {
        await (await StartEmbedded()).DisposeAsync();
        await (await StartEmbedded()).DisposeAsync();

        var serviceUser = Environment.UserName;
        var clusterUser = OwnerOf(Path.Combine(_dataDirectory, "pgdata"));
        if (serviceUser == "root") Assert.NotEqual("root", clusterUser);
        else Assert.Equal(serviceUser, clusterUser);

        Assert.Equal(serviceUser, OwnerOf(_dataDirectory));
        foreach (var key in new[] { "admin-api-key", "audit-signing-key.pem" })
        {
            var file = Path.Combine(_dataDirectory, key);
            Assert.Equal((serviceUser, UnixFileMode.UserRead | UnixFileMode.UserWrite), (OwnerOf(file), File.GetUnixFileMode(file)));
        }

        foreach (var clusters in new[] { "postgres.log", "superuser.password" })
        {
            var file = Path.Combine(_dataDirectory, clusters);
            Assert.Equal((clusterUser, UnixFileMode.UserRead | UnixFileMode.UserWrite), (OwnerOf(file), File.GetUnixFileMode(file)));
        }
    }

    private static string OwnerOf(string path)
    {
        using var stat = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("stat", ["-c", "%U", path]) { RedirectStandardOutput = true })!;
        var owner = stat.StandardOutput.ReadToEnd().Trim();
        stat.WaitForExit();
        return owner;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // The system cleans its temp folder.
        }

        return Task.CompletedTask;
    }
}

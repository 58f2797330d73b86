using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Catalogue.Api.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Catalogue.Tests.Observability;

public sealed class when_the_database_does_not_answer_the_readiness_check : IAsyncLifetime
{
    private NpgsqlDataSource _nobodyListening = null!;

    public Task InitializeAsync()
    {
        _nobodyListening = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={ClosedLoopbackPort()};Username=catalogue;Password=x;Database=catalogue");
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _nobodyListening.DisposeAsync();

    [Fact]
    public async Task the_check_says_the_database_is_down_within_its_time_limit()
    {
        var clock = Stopwatch.StartNew();
        var report = await DatabaseHealth.CheckAsync(_nobodyListening, CancellationToken.None);

        Assert.Equal("unhealthy", report.Status);
        Assert.Equal(new DatabaseHealthReport("down", null, "PostgreSQL is not reachable."), report.Database);
        Assert.True(clock.Elapsed < DatabaseHealth.Timeout + TimeSpan.FromSeconds(1), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task readiness_answers_503_with_retry_after_and_the_report()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();

        var result = await DatabaseHealth.RespondAsync(_nobodyListening, http, paused: []);
        await result.ExecuteAsync(http);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("5", http.Response.Headers.RetryAfter.ToString());
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Equal("""{"status":"unhealthy","database":{"status":"down","serverVersion":null,"error":"PostgreSQL is not reachable."}}""", body);
    }

    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

using System.Diagnostics;

namespace Catalogue.Tests.Support;

/// <summary>The service's own command line, run as a separate process against the test database.</summary>
public static class CatalogueCli
{
    public static Process Start(string connectionString, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Catalogue.Api.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__Catalogue"] = connectionString;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start)!;
    }

    /// <returns>The exit code and everything the process wrote.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString, params string[] args)
    {
        using var process = Start(connectionString, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}

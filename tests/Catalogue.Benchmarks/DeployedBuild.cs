using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Catalogue.Benchmarks;

/// <summary>
/// The service as <c>deploy/Dockerfile</c> builds it: <c>dotnet publish -c Release -p:PublishReadyToRun=true</c> for
/// this machine's runtime, into a folder of the system temp directory, from the repository this benchmark was built in.
/// </summary>
public static class DeployedBuild
{
    public static string Folder => Path.Combine(Path.GetTempPath(), "catalogue-bench-published");

    /// <returns>The folder of the publish; null, its output printed, when it failed.</returns>
    public static async Task<string?> PublishAsync()
    {
        var project = Path.Combine(RepositoryRoot(), "src", "Catalogue.Api", "Catalogue.Api.csproj");
        var publish = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false",
                "-p:PublishReadyToRun=true", "-o", Folder, "--nologo",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Console.WriteLine($"  publishing {project} ReadyToRun for {RuntimeInformation.RuntimeIdentifier} into {Folder} ...");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(publish)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            Console.WriteLine($"  the publish failed (exit code {process.ExitCode}):\n{await output}{await errors}");
            return null;
        }

        Console.WriteLine($"  published in {clock.Elapsed.TotalSeconds:F0} s");
        return Folder;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Catalogue.sln"))) return folder.FullName;
        }

        throw new InvalidOperationException($"No Catalogue.sln above {AppContext.BaseDirectory}: run the benchmark from its repository.");
    }
}

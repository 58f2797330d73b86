using System.Net;
using System.Net.Sockets;

namespace Catalogue.Api.Hosting;

/// <summary>
/// Tries the addresses the service is to listen on before it touches a database: a second start beside a running
/// service would otherwise have joined that service's database, brought its schema up to date, and only then failed to
/// bind, with a page of stack trace.
/// </summary>
public static class ListeningAddresses
{
    /// <summary>One line saying why the service cannot listen where it was asked to; null when it can.</summary>
    public static string? Refusal(string urls)
    {
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Port <= 0)
            {
                // Kestrel reads the forms this does not (a Unix socket, a named pipe) and says itself what is wrong.
                continue;
            }

            foreach (var address in AddressesOf(uri.Host))
            {
                if (TryListen(address, uri.Port) is { } error) return Explain(error, uri);
            }
        }

        return null;
    }

    private static IEnumerable<IPAddress> AddressesOf(string host) => host switch
    {
        "localhost" => [IPAddress.Loopback],
        _ when IPAddress.TryParse(host.Trim('[', ']'), out var ip) => [ip],
        // Kestrel binds a host name it cannot take literally to every interface.
        _ => [IPAddress.Any],
    };

    private static SocketError? TryListen(IPAddress address, int port)
    {
        try
        {
            var listener = new TcpListener(address, port);
            listener.Start();
            listener.Stop();
            return null;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode;
        }
    }

    private static string Explain(SocketError error, Uri uri) => error switch
    {
        SocketError.AddressAlreadyInUse =>
            $"Catalogue will not start: port {uri.Port} is in use — is Catalogue already running? Use --urls to choose another, e.g. --urls {uri.Scheme}://{uri.Host}:{(uri.Port == 65535 ? uri.Port - 1 : uri.Port + 1)}",
        SocketError.AccessDenied =>
            $"Catalogue will not start: it may not listen on port {uri.Port} (ports below 1024 need privileges). Use --urls to choose another, e.g. --urls {uri.Scheme}://{uri.Host}:5080",
        SocketError.AddressNotAvailable =>
            $"Catalogue will not start: {uri.Host} is not an address of this machine. Use --urls to choose another, e.g. --urls {uri.Scheme}://127.0.0.1:{uri.Port}",
        _ => $"Catalogue will not start: it cannot listen on {uri.GetLeftPart(UriPartial.Authority)} ({error}). Use --urls to choose another address.",
    };
}

import { ROLES, signUserToken, type Identity, type Role } from '@emergency/auth';
import { gatewayConfig } from '@emergency/config';

/**
 * Prints a caller token for local use, signed with the gateway's configured (dev) key:
 *   npm run token -- --role auditor [--region 420000] [--org <uuid>] [--subject name]
 */
export async function devToken(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const option = (name: string) => {
    const index = args.indexOf(`--${name}`);
    return index >= 0 ? args[index + 1] : undefined;
  };
  const role = (option('role') ?? 'admin') as Role;
  if (!ROLES.includes(role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
  return signDevToken(
    {
      subject: option('subject') ?? `dev-${role}`,
      name: option('subject') ?? `Dev ${role}`,
      roles: [role],
      regionCode: option('region'),
      organisationId: option('org'),
    },
    env,
  );
}

/** A caller token for `identity`, signed with the gateway's configured (dev) key. */
export function signDevToken(identity: Identity, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const cfg = gatewayConfig.load(env);
  return signUserToken(identity, {
    secret: cfg.AUTH_JWT_SECRET,
    issuer: cfg.AUTH_JWT_ISSUER,
    audience: cfg.AUTH_JWT_AUDIENCE,
  });
}

if (require.main === module) {
  devToken(process.argv.slice(2)).then(
    (token) => process.stdout.write(`${token}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}

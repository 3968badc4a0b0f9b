#!/usr/bin/env node
// Stand-in for Prisma's native schema engine, which cannot be downloaded on machines
// without access to Prisma's binary host. `prisma generate` only checks that an engine
// exists; anything that really needs it (migrate, db push) must fail loudly here.
console.error(
  "The Prisma schema engine is not available on this machine. " +
    "Apply migrations with `npm run db:migrate` (the portal's own migrator) instead.",
);
process.exit(1);

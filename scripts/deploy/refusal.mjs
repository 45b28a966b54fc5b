/** A reason not to go on, said to whoever deploys; the deploy stops with exit code 1. */
export class DeployRefusal extends Error {
  name = 'DeployRefusal';
}

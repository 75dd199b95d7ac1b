/** An erasure as recorded: the address is kept only as a hash. */
export class ErasureView {
  /** The erasure's record. */
  id!: string;
  /** How many invitations were erased: 0 when the address has none left (erased before, or never invited). */
  invitations!: number;
}

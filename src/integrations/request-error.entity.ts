import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { type IntegrationProvider } from './integration-key.entity.js';

/**
 * An error report an ATS sent about one of its calls to Candor, kept for admins. Only what helps find the
 * failed call: which call, what went wrong, the ids, and the candidate's email as the ATS gave it (personal
 * data: shown to admins, never logged).
 */
@Entity({ name: 'integration_request_errors' })
export class IntegrationRequestError {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column('uuid') keyId: string;
  @Column('text') provider: IntegrationProvider;
  @Column('timestamptz') receivedAt: Date;
  @Column('text', { nullable: true }) apiCall: string | null;
  @Column('jsonb') errors: string[];
  @Column('text', { nullable: true }) partnerTestId: string | null;
  @Column('text', { nullable: true }) partnerInterviewId: string | null;
  @Column('text', { nullable: true }) candidateEmail: string | null;
}

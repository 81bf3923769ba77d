package main

// SCRAM-SHA-256 (RFC 5802/7677) for Sarama, which leaves the client side to the
// application; Debian packages no SCRAM library for Go, and x/crypto's pbkdf2 is
// not packaged either, so PBKDF2 is written out here (one HMAC chain per block).

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

type scramClient struct {
	user, password, nonce, clientFirstBare string
	serverSignature                        []byte
	step                                   int
}

func hmacSHA256(key, data []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write(data)
	return h.Sum(nil)
}

func pbkdf2(password, salt []byte, iterations int) []byte {
	u := hmacSHA256(password, append(append([]byte{}, salt...), 0, 0, 0, 1))
	out := append([]byte{}, u...)
	for i := 1; i < iterations; i++ {
		u = hmacSHA256(password, u)
		for j := range out {
			out[j] ^= u[j]
		}
	}
	return out
}

func (s *scramClient) Begin(user, password, _ string) error {
	raw := make([]byte, 18)
	if _, err := rand.Read(raw); err != nil {
		return err
	}
	s.user, s.password, s.nonce, s.step = user, password, base64.RawStdEncoding.EncodeToString(raw), 0
	return nil
}

func (s *scramClient) Step(challenge string) (string, error) {
	s.step++
	switch s.step {
	case 1:
		s.clientFirstBare = "n=" + strings.NewReplacer("=", "=3D", ",", "=2C").Replace(s.user) + ",r=" + s.nonce
		return "n,," + s.clientFirstBare, nil
	case 2:
		fields := map[string]string{}
		for _, part := range strings.Split(challenge, ",") {
			if len(part) > 2 {
				fields[part[:1]] = part[2:]
			}
		}
		salt, err := base64.StdEncoding.DecodeString(fields["s"])
		iterations, err2 := strconv.Atoi(fields["i"])
		if err != nil || err2 != nil || !strings.HasPrefix(fields["r"], s.nonce) {
			return "", fmt.Errorf("bad server-first message %q", challenge)
		}
		salted := pbkdf2([]byte(s.password), salt, iterations)
		clientKey := hmacSHA256(salted, []byte("Client Key"))
		stored := sha256.Sum256(clientKey)
		withoutProof := "c=biws,r=" + fields["r"]
		authMessage := s.clientFirstBare + "," + challenge + "," + withoutProof
		signature := hmacSHA256(stored[:], []byte(authMessage))
		proof := make([]byte, len(clientKey))
		for i := range clientKey {
			proof[i] = clientKey[i] ^ signature[i]
		}
		s.serverSignature = hmacSHA256(hmacSHA256(salted, []byte("Server Key")), []byte(authMessage))
		return withoutProof + ",p=" + base64.StdEncoding.EncodeToString(proof), nil
	default:
		if challenge != "v="+base64.StdEncoding.EncodeToString(s.serverSignature) {
			return "", fmt.Errorf("server signature mismatch: %q", challenge)
		}
		return "", nil
	}
}

func (s *scramClient) Done() bool { return s.step >= 3 }

